import { z } from 'zod';
import type { ReleaseCheck } from '../core/markings/release.js';
import type { ExportLogEntry } from '../domain/export-log-entry.js';
import type { PrintDocument } from '../core/markings/print.js';
import type { ExportFormat, ExportReport, ExportScope } from '../domain/views.js';
import { id, jobId, out, partnerName, releaseFields } from './shared.js';
import { noteFilterSchema, noteSortSchema } from './search.js';

export type { ReleaseCheck, ExportLogEntry, PrintDocument, ExportFormat, ExportReport, ExportScope };

export const exportFormatSchema = z.enum(['files', 'brief', 'zip']) satisfies z.ZodType<ExportFormat>;

export const exportScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('note'), id }),
  z.object({ kind: z.literal('topic'), id }),
  z.object({ kind: z.literal('all') }),
  /** the current search results: sidebar filter plus query */
  z.object({ kind: z.literal('query'), filter: noteFilterSchema }),
]) satisfies z.ZodType<ExportScope>;

/** Markdown export (files, zip, topic brief), the release check, the export log and print. */

export const exportCalls = {
  'export.run': {
    input: z
      .object({
        scope: exportScopeSchema,
        dir: z.string().min(1).max(4096),
        format: exportFormatSchema.optional(),
        order: noteSortSchema.optional(),
        jobId: jobId.optional(),
        ...releaseFields,
      })
      .strict(),
    result: out<ExportReport>(),
  },
  /**
   * The per-note files packed as one .zip and returned (base64) instead of written on this machine: browser
   * mode saves it as a download. `name` is the file name to offer.
   */
  'export.archive': {
    input: z
      .object({ scope: exportScopeSchema, order: noteSortSchema.optional(), ...releaseFields })
      .strict(),
    result: out<
      { name: string; notes: number; base64: string } & Pick<
        ExportReport,
        'partner' | 'withheld' | 'withheldByReason' | 'highest'
      >
    >(),
  },
  /** What an export of `scope` for `partner` would include and withhold, and whether it needs confirming. */
  'export.check': {
    input: z.object({ scope: exportScopeSchema, partner: partnerName.optional() }).strict(),
    result: out<ReleaseCheck>(),
  },
  /** The export log beside the store, newest first. */
  'export.log': { input: z.object({}).strict(), result: out<ExportLogEntry[]>() },
  /**
   * A note, search results or topic brief rendered for print/PDF with its markings, guarded like an export
   * (partner filter, confirmation above the scheme's level) and written to the export log.
   */
  'print.prepare': {
    input: z
      .object({ scope: exportScopeSchema, order: noteSortSchema.optional(), ...releaseFields })
      .strict(),
    result: out<PrintDocument>(),
  },
} as const;
