import type { Attachment } from '../../domain/model.js';
import type { ImportReport } from '../../domain/records.js';
import { inSlices } from '../../domain/slices.js';
import type { CoreContext } from '../context.js';
import { importAttachments } from '../attachments/import-files.js';
import { importStep } from '../undo/steps.js';
import { parseCandidate, type Candidate } from './parse.js';
import { planImport } from './plan.js';
import { scanSource, type Skipped } from './sources.js';

/** How an import stores a file a note references (the attachments domain's attachFound). */
export type StoreFound = (
  found: { path: string } | { bytes: Uint8Array },
  name: string,
) => Promise<Attachment>;

/** Markdown import from a folder, .zip or .md: preview (changes nothing) and run (one undoable step). */
export function importUseCases(ctx: CoreContext, storeFound: StoreFound) {
  const readImport = async (
    source: string,
    jobId?: string,
    store = false,
  ): Promise<{ candidates: Candidate[]; skipped: Skipped[]; ignored: number; attachments: number }> => {
    const job = ctx.jobs.open(jobId);
    try {
      const scan = await scanSource(source, {
        progress: (done, total) => job?.report(done, total),
        // Refuse before reading when the files alone would push the notes past the store budget.
        beforeRead: (bytes, files) => ctx.store.admitGrowth?.(bytes, 'import', files),
      });
      job?.check();
      const skipped = [...scan.skipped];
      const candidates: Candidate[] = [];
      // Parsing thousands of files takes a while: in slices, so calls (a search as one types) get answers.
      await inSlices(scan.files, (file) => {
        try {
          candidates.push(parseCandidate(file, ctx.now()));
        } catch (err) {
          skipped.push({
            path: file.path,
            reason: `front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}`,
          });
        }
      });
      // Files the notes reference: checked (preview) or stored before the notes are (run).
      const attachments = await importAttachments(candidates, scan.assets, store ? storeFound : null);
      return { candidates, skipped, ignored: scan.ignored, attachments };
    } finally {
      ctx.jobs.close(jobId);
    }
  };

  return {
    /** What importing `source` would add, skip and report; changes nothing. */
    async previewImport(source: string, jobId?: string): Promise<ImportReport> {
      const r = await readImport(source, jobId);
      const report = planImport(
        ctx.store.get(),
        r.candidates,
        r.skipped,
        r.ignored,
        source,
        ctx.now(),
      ).report;
      return r.attachments ? { ...report, attachments: r.attachments } : report;
    },

    /** Imports `source` as one undoable change: every new note and topic in a single save, or nothing. */
    async runImport(
      source: string,
      jobId?: string,
    ): Promise<ImportReport & { label: string; undoId: number | null }> {
      const r = await readImport(source, jobId, true);
      const label = (n: number) => `Import ${n} note${n === 1 ? '' : 's'}`;
      const done = await ctx.mutate(
        (d) => {
          const plan = planImport(d, r.candidates, r.skipped, r.ignored, source, ctx.now());
          return {
            data: plan.data,
            value: r.attachments ? { ...plan.report, attachments: r.attachments } : plan.report,
          };
        },
        {
          undo: (b, a, ch, rep) => importStep(label(rep.added), b, a, ch.notes, ch.topics),
          action: 'import',
        },
      );
      return { ...done.value, label: label(done.value.added), undoId: done.undoId };
    },
  };
}

/** The import use cases, as the composed core carries them. */
export type ImportUseCases = ReturnType<typeof importUseCases>;
