import type { Note, NoteMap, StoreData } from './model.js';

// The one way code reads and replaces notes in a StoreData. The notes are a persistent map
// (domain/chunked-map.ts): a save shares every note it did not change, so replacing one note costs
// microseconds at any size instead of a copy of every key.

/** The note with `id`, live or in the trash; undefined when there is none. */
export function noteOf(data: StoreData, id: string): Note | undefined {
  return data.notes.get(id);
}

/** Whether a note (live or trashed) is stored under `id`. */
export function hasNote(data: StoreData, id: string): boolean {
  return data.notes.has(id);
}

/** Every note (trashed ones included), in the store's order (the order of dossier.json). */
export function notesOf(data: StoreData): Iterable<Note> {
  return data.notes.values();
}

/** Every note as an array (for code that filters, sorts or counts them). */
export function noteList(data: StoreData): Note[] {
  return data.notes.toArray();
}

/** Every note with the id it is stored under, in the store's order. */
export function noteEntries(data: StoreData): Iterable<[string, Note]> {
  return data.notes.entries();
}

/** Every id, in the store's order. */
export function noteIds(data: StoreData): Iterable<string> {
  return data.notes.keys();
}

/** Calls `fn` for every note: the cheapest way through all of them. */
export function forEachNote(data: StoreData, fn: (note: Note, id: string) => void): void {
  data.notes.forEach(fn);
}

/** How many notes there are, trashed ones included. */
export function noteCount(data: StoreData): number {
  return data.notes.size;
}

/** A new state with `notes` put in (added or replaced by id); `data` itself is not changed. */
export function withNotes(data: StoreData, notes: Iterable<Note>): StoreData {
  const e = data.notes.edit();
  let any = false;
  for (const n of notes) {
    e.set(n.id, n);
    any = true;
  }
  return any ? { ...data, notes: e.done() } : data;
}

/** A new state with one note put in. */
export function withNote(data: StoreData, note: Note): StoreData {
  const notes = data.notes.set(note.id, note);
  return notes === data.notes ? data : { ...data, notes };
}

/** A new state without the notes `ids` (purged for good, not trashed). */
export function withoutNotes(data: StoreData, ids: Iterable<string>): StoreData {
  const e = data.notes.edit();
  let any = false;
  for (const id of ids) {
    if (!e.has(id)) continue;
    e.delete(id);
    any = true;
  }
  return any ? { ...data, notes: e.done() } : data;
}

/** A new state whose notes map is `notes` (a batch built with data.notes.edit()). */
export function withNoteMap(data: StoreData, notes: NoteMap): StoreData {
  return notes === data.notes ? data : { ...data, notes };
}

/** Ids whose note differs between two states (added, changed or removed); null when more than `limit` do. */
export function notesChangedBetween(before: StoreData, after: StoreData, limit?: number): string[] | null {
  return after.notes.changedSince(before.notes, limit);
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
