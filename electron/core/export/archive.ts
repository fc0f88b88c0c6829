import { strToU8, zipSync } from 'fflate';
import type { StoreData } from '../model.js';
import type { ExportScope, NoteSort } from '../../contract.js';
import type { TextIndex } from '../search/text-index.js';
import { guardedNotes, planNoteFiles, releaseReport } from './export.js';
import type { ExportReport } from '../../contract.js';

/** A .zip built in memory, for a browser download (browser mode cannot name a folder on the user's disk). */
export type ExportArchive = { name: string; notes: number; bytes: Uint8Array } & Pick<
  ExportReport,
  'partner' | 'withheld' | 'withheldByReason' | 'highest'
>;

/**
 * The same files `exportNotes(..., { format: 'zip' })` writes — one .md per note in a folder per topic —
 * packed into a .zip in memory instead of on the server's disk. The browser saves it under `name`.
 */
export async function archiveNotes(
  data: StoreData,
  scope: ExportScope,
  options: {
    order?: NoteSort;
    index?: TextIndex | null;
    now?: Date;
    partner?: string;
    allowMarking?: string;
  } = {},
): Promise<ExportArchive> {
  const { notes, check } = guardedNotes(data, scope, options);
  const files = await planNoteFiles(data, notes, null);
  const entries: Record<string, Uint8Array> = {};
  for (const f of files) entries[f.rel] = strToU8(f.content());
  const stamp = (options.now ?? new Date()).toISOString().slice(0, 10);
  return {
    name: `Dossier export ${stamp}.zip`,
    notes: notes.length,
    bytes: zipSync(entries, { level: 6 }),
    ...releaseReport(check),
  };
}
