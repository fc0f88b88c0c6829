import { z } from 'zod';

/** One export that left (or was written on) this machine. */
export const exportLogEntrySchema = z.object({
  time: z.string(),
  /** what was exported: `note <title>`, `topic <name>`, `all notes`, `search "<query>"` */
  scope: z.string(),
  /** `files`, `zip`, `brief`, `download`, `pdf` */
  format: z.string(),
  /** folder or file written, or `browser download` */
  destination: z.string(),
  partner: z.string().nullable(),
  included: z.number().int().min(0),
  withheld: z.number().int().min(0),
  highest: z.string().nullable(),
});
export type ExportLogEntry = z.infer<typeof exportLogEntrySchema>;
