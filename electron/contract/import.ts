import { z } from 'zod';
import type { ImportFileReport, ImportReport } from '../domain/records.js';
import { jobId, out, type Undoable } from './shared.js';

export type { ImportFileReport, ImportReport };

/** Markdown import from a folder, .zip or .md file (Obsidian, Joplin, Dossier). */

export const importCalls = {
  /** Reads a folder, .zip or .md file and says what an import would do; changes nothing. */
  'import.preview': {
    input: z.object({ source: z.string().min(1).max(4096), jobId: jobId.optional() }).strict(),
    result: out<ImportReport>(),
  },
  /** Imports in one undoable step: all of it or, if anything fails, nothing. */
  'import.run': {
    input: z.object({ source: z.string().min(1).max(4096), jobId: jobId.optional() }).strict(),
    result: out<ImportReport & { label: string } & Undoable>(),
  },
} as const;
