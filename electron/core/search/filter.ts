import type { Note, StoreData } from '../../domain/model.js';
import type { NoteFilter } from '../../domain/views.js';
import { tagWithin } from '../tags/normalize.js';
import { fold } from './fold.js';
import { notesOf } from '../../domain/note-access.js';

/** True when the note passes the structured part of a filter (trash, topic, tags). */
export function matchesStructured(note: Note, filter: NoteFilter): boolean {
  if (Boolean(note.deletedAt) !== Boolean(filter.trash)) return false;
  if (filter.topicId === 'inbox') {
    if (note.topicId !== null) return false;
  } else if (filter.topicId && note.topicId !== filter.topicId) return false;
  if (filter.tags) {
    for (const wanted of filter.tags) {
      if (!note.tags.some((t) => tagWithin(t, wanted))) return false;
    }
  }
  return true;
}

/**
 * The plain linear scan of the first version: every word of `text` must occur in title or body
 * (folded). Kept as the reference the search index is compared against in tests and benchmarks.
 */
export function linearFilter(data: StoreData, filter: NoteFilter): Note[] {
  const words = fold(filter.text ?? '')
    .split(/\s+/)
    .filter(Boolean);
  const result: Note[] = [];
  for (const note of notesOf(data)) {
    if (!matchesStructured(note, filter)) continue;
    if (words.length > 0) {
      const hay = fold(note.title + '\n' + note.body);
      if (!words.every((w) => hay.includes(w))) continue;
    }
    result.push(note);
  }
  return result;
}
