import type { BenchSuite } from './types.js';
import { durabilitySuite } from './durability.js';
import { searchSuite } from './search.js';
import { markdownSuite } from './markdown.js';
import { zipImportSuite } from './zip-import.js';
import { attachmentsSuite } from './attachments.js';
import { linksSuite } from './links.js';
import { encryptionSuite } from './encryption.js';
import { httpSuite } from './http.js';
import { notesMapSuite } from './notesmap.js';
import { gitSuite } from './git.js';

/** Every registered suite; each issue's suite adds one import and one entry here. */
export const suites: BenchSuite[] = [
  searchSuite,
  durabilitySuite,
  markdownSuite,
  zipImportSuite,
  attachmentsSuite,
  linksSuite,
  encryptionSuite,
  httpSuite,
  notesMapSuite,
  gitSuite,
];
