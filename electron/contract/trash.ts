import { z } from 'zod';
import type { Note } from '../domain/model.js';
import { id, out, type Undoable } from './shared.js';

/** The trash: restore, read, empty, and how long it keeps things. */

export const trashCalls = {
  'trash.restore': {
    input: z.object({ kind: z.enum(['note', 'topic']), id }).strict(),
    result: out<{ restored: string }>(),
  },
  /** A trashed note, read-only, so it can be read before it is restored. */
  'trash.get': { input: z.object({ id }).strict(), result: out<Note>() },
  'trash.empty': {
    input: z.object({}).strict(),
    result: out<{ notes: number; topics: number } & Undoable>(),
  },
  'settings.setTrashRetention': {
    input: z.object({ days: z.number().int().min(1).max(3650) }).strict(),
    result: out<null>(),
  },
} as const;
