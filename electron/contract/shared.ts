import { z } from 'zod';

// Building blocks every contract module shares: the phantom result marker and the common field schemas.

/** Phantom marker carrying a result type without runtime cost. */
export const out = <T>() => undefined as unknown as T;

/** A record id (notes, topics, saved searches). */
export const id = z.string().min(1).max(64);
export const tagList = z.array(z.string().max(200)).max(500);
export const tagText = z.string().min(1).max(500);
/** A long-running call's handle, for jobs.progress and jobs.cancel. */
export const jobId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
/** The version a save started from (a stale save is merged). */
export const baseVersion = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const levelName = z.string().trim().min(1).max(60);
export const partnerName = z.string().trim().min(1).max(200);
/** Who an export is for and what the user confirmed may leave (see core/markings/release.ts). */
export const releaseFields = { partner: partnerName.optional(), allowMarking: levelName.optional() };

/** What an undoable call returns: the toast label and the id of its undo step (null: nothing to undo). */
export type Undoable = { undoId: number | null };
