import type { NoteMap } from '../../domain/model.js';

/**
 * Beyond this many changed records a cache kept per state of the notes (sorted-orders.ts, known-tags.ts,
 * notes/derived-view.ts) computes the new state afresh (a large import, a tag rename, a restored backup)
 * instead of moving on. An import of a few thousand files moves on: sort orders merge its notes in.
 */
export const MAX_MOVED = 10_000;

/**
 * Ids whose record differs between two states of the notes, or null when more than MAX_MOVED do. The maps
 * share the chunks neither changed, so this costs the changed chunks, not every record.
 */
export function changedBetween(prev: NoteMap, next: NoteMap): string[] | null {
  return next.changedSince(prev, MAX_MOVED);
}
