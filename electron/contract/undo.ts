import { z } from 'zod';
import type { UndoPeek } from '../domain/views.js';
import { out } from './shared.js';

export type { UndoPeek };

/** Undo of whole steps by their inverse operation. */

export const undoCalls = {
  'undo.peek': { input: z.object({}).strict(), result: out<UndoPeek>() },
  /** Undoes the newest step; `id` refuses if a newer step superseded it; `confirm` when peek said needsConfirm. */
  'undo.run': {
    input: z.object({ id: z.number().int().min(1).optional(), confirm: z.boolean().optional() }).strict(),
    result: out<{ label: string; id: number; conflicts: string[] }>(),
  },
} as const;
