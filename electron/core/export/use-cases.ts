import type { StoreData } from '../../domain/model.js';
import type { ExportFormat, ExportReport, ExportScope, NoteSort } from '../../domain/views.js';
import type { CoreContext } from '../context.js';
import type { ExportLogEntry } from '../../domain/export-log-entry.js';
import { describeScope, printDocument, type PrintDocument } from '../markings/print.js';
import { checkRelease, type ReleaseCheck } from '../markings/release.js';
import { archiveNotes, type ExportArchive } from './archive.js';
import { exportNotes, guardedNotes, notesInScope } from './export.js';

/** Who an export is for and what the user confirmed may leave (see markings/release.ts). */
export type ReleaseOptions = { partner?: string; allowMarking?: string };

/** Markdown export (files, zip, brief) and print, each guarded by releasability and written to the export log. */
export function exportUseCases(ctx: CoreContext) {
  /** Appends to the export log beside the store; the export is not reported done until it is on disk. */
  const logExport = (
    data: StoreData,
    scope: ExportScope,
    format: string,
    destination: string,
    r: { notes: number; withheld: number; partner: string | null; highest: string | null },
  ): Promise<void> =>
    ctx.exportLog.append({
      time: ctx.now(),
      scope: describeScope(data, scope),
      format,
      destination,
      partner: r.partner,
      included: r.notes,
      withheld: r.withheld,
      highest: r.highest,
    });

  return {
    /** Exports to markdown (see export.ts); `jobId` lets the UI poll progress and cancel. */
    async exportMarkdown(
      scope: ExportScope,
      dir: string,
      options: { format?: ExportFormat; order?: NoteSort; jobId?: string } & ReleaseOptions = {},
    ): Promise<ExportReport> {
      const job = ctx.jobs.open(options.jobId);
      try {
        const data = ctx.store.get();
        const report = await exportNotes(data, scope, dir, {
          ...options,
          index: ctx.index,
          ...(job ? { job } : {}),
          now: ctx.clock(),
          blobs: ctx.blobs,
        });
        await logExport(data, scope, options.format ?? 'files', report.dir, report);
        return report;
      } finally {
        ctx.jobs.close(options.jobId);
      }
    },

    /** The per-note .zip for a browser download, guarded and logged like any export. */
    async exportArchive(
      scope: ExportScope,
      options: { order?: NoteSort } & ReleaseOptions,
    ): Promise<ExportArchive> {
      const data = ctx.store.get();
      const a = await archiveNotes(data, scope, {
        ...options,
        index: ctx.index,
        now: ctx.clock(),
        blobs: ctx.blobs,
      });
      await logExport(data, scope, 'download', 'browser download', a);
      return a;
    },

    /** What an export for `partner` would include, withhold and need confirmed; writes nothing. */
    checkExport(scope: ExportScope, partner?: string): ReleaseCheck {
      const data = ctx.store.get();
      const check = checkRelease(data, notesInScope(data, scope, ctx.index), partner ?? null).check;
      // The list is for showing; the counts stay exact.
      return { ...check, withheld: check.withheld.slice(0, 200) };
    },

    /** A print/PDF document, guarded like an export and logged (the page itself is printed by the shell). */
    async preparePrint(
      scope: ExportScope,
      options: { order?: NoteSort } & ReleaseOptions,
    ): Promise<PrintDocument> {
      const data = ctx.store.get();
      const { notes, check } = guardedNotes(data, scope, { ...options, index: ctx.index });
      const doc = printDocument(data, scope, notes, check);
      await logExport(data, scope, 'print', 'print / PDF', {
        notes: notes.length,
        withheld: check.withheld.length,
        partner: check.partner,
        highest: check.highest,
      });
      return doc;
    },

    exportLog(): Promise<ExportLogEntry[]> {
      return ctx.exportLog.read();
    },
  };
}

/** The export use cases, as the composed core carries them. */
export type ExportUseCases = ReturnType<typeof exportUseCases>;
