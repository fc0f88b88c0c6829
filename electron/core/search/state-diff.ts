import type { Note } from '../../domain/model.js';

/**
 * Beyond this many changed records a cache kept per state of the notes (sorted-orders.ts, known-tags.ts)
 * computes the new state afresh (an import, a tag rename, an undo of one) instead of moving on.
 */
export const MAX_MOVED = 2000;

/** Ids whose record differs between two states of the notes, or null when more than MAX_MOVED do. */
export function changedBetween(prev: Record<string, Note>, next: Record<string, Note>): string[] | null {
  const out: string[] = [];
  for (const id in next) if (prev[id] !== next[id] && out.push(id) > MAX_MOVED) return null;
  for (const id in prev) if (!(id in next) && out.push(id) > MAX_MOVED) return null;
  return out;
}
