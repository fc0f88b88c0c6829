import { strToU8 } from 'fflate';
import { zipInSlices } from './zip-in-slices.js';
import type { StoreData } from '../../domain/model.js';
import type { ExportScope, NoteSort } from '../../domain/views.js';
import type { TextIndex } from '../search/text-index.js';
import { guardedNotesInSlices, planNoteFiles, releaseReport, type ExportBlobs } from './export.js';
import type { ExportReport } from '../../domain/views.js';
import { DossierError } from '../../domain/errors.js';

/** Attachment bytes one download may carry (it travels base64 in one JSON answer). */
const MAX_ARCHIVE_ATTACHMENTS = 256 * 1024 * 1024;

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
    /** where attachment files are read; with it they go into the archive's _attachments/ folders */
    blobs?: ExportBlobs;
    partner?: string;
    allowMarking?: string;
  } = {},
): Promise<ExportArchive> {
  const { notes, check } = await guardedNotesInSlices(data, scope, options);
  const blobs = options.blobs;
  const files = await planNoteFiles(data, notes, null, Boolean(blobs));
  let attached = 0;
  const entries = async function* () {
    for (const f of files) {
      if (!f.copy || !blobs) {
        yield { name: f.rel, bytes: strToU8(f.content()) };
        continue;
      }
      const bytes = await blobs.read(f.copy).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (!bytes) continue; // a missing file is left out; the note's link still names it
      attached += bytes.length;
      if (attached > MAX_ARCHIVE_ATTACHMENTS)
        throw new DossierError(
          'TOO_LARGE',
          `The attachments of these notes are more than ${MAX_ARCHIVE_ATTACHMENTS / 1024 / 1024} MB, too much for a download; export to a folder instead.`,
        );
      // Attachments are mostly compressed already (images, PDFs): stored, not deflated again.
      yield { name: f.rel, bytes, stored: true };
    }
  };
  const bytes = await zipInSlices(entries());
  const stamp = (options.now ?? new Date()).toISOString().slice(0, 10);
  return {
    name: `Dossier export ${stamp}.zip`,
    notes: notes.length,
    bytes,
    ...releaseReport(check),
  };
}
