import type { Note, StoreData } from './model.js';

// The one way new code reads and replaces notes in a StoreData. The notes map is about to become a persistent
// map (issue 21: a save shares everything it did not change); code that goes through these functions keeps
// working when the representation behind them changes.

/** The note with `id`, live or in the trash; undefined when there is none. */
export function noteOf(data: StoreData, id: string): Note | undefined {
  return Object.prototype.hasOwnProperty.call(data.notes, id) ? data.notes[id] : undefined;
}

/** Every note (trashed ones included), in no particular order. */
export function notesOf(data: StoreData): Iterable<Note> {
  return Object.values(data.notes);
}

/** How many notes there are, trashed ones included. */
export function noteCount(data: StoreData): number {
  return Object.keys(data.notes).length;
}

/** A new state with `notes` put in (added or replaced by id); `data` itself is not changed. */
export function withNotes(data: StoreData, notes: readonly Note[]): StoreData {
  if (notes.length === 0) return data;
  const next = { ...data.notes };
  for (const n of notes) next[n.id] = n;
  return { ...data, notes: next };
}

/** A new state without the notes `ids` (purged for good, not trashed). */
export function withoutNotes(data: StoreData, ids: readonly string[]): StoreData {
  if (ids.length === 0) return data;
  const next = { ...data.notes };
  for (const id of ids) delete next[id];
  return { ...data, notes: next };
}

/**
 * Where a note packed by the store (store/packed-notes.ts) keeps its body's length in UTF-16 units, so the
 * indexes' fingerprints read it without decoding the body (decoding every body cost ≈0.4 s at 50k notes).
 * Not enumerable: a spread copy (an edited note) has none and answers from its string body.
 */
export const BODY_LENGTH: unique symbol = Symbol('dossier.bodyLength');

/** The body's length in UTF-16 units, without decoding a packed body. */
export function bodyLength(note: Note): number {
  const known = (note as Note & { [BODY_LENGTH]?: number })[BODY_LENGTH];
  return known ?? note.body.length;
}
