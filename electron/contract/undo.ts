import { z } from 'zod';
import { out } from './shared.js';

/** The step undo would take back, and what it will do about anything changed since. */
export type UndoPeek = {
  label: string | null;
  /** id of the step (toasts compare it to know whether their step is still the newest) */
  id: number | null;
  conflicts: string[];
  /** the undo would remove something edited since: run it with confirm: true */
  needsConfirm: boolean;
};

/** Undo of whole steps by their inverse operation. */

export const undoCalls = {
  'undo.peek': { input: z.object({}).strict(), result: out<UndoPeek>() },
  /** Undoes the newest step; `id` refuses if a newer step superseded it; `confirm` when peek said needsConfirm. */
  'undo.run': {
    input: z.object({ id: z.number().int().min(1).optional(), confirm: z.boolean().optional() }).strict(),
    result: out<{ label: string; id: number; conflicts: string[] }>(),
  },
} as const;
