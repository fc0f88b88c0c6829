import type { StoreData } from '../../domain/model.js';
import { displayTitle } from './notes.js';
import { noteList } from '../../domain/note-access.js';

/** One live note as the command palette lists it (kept small: 50,000 of them travel at once). */
export type NoteTitle = { id: string; title: string };

/**
 * Every live note's display title, most recently updated first: the palette matches titles fuzzily in the
 * window, so it needs all of them at once (≈70 bytes a note as JSON), not pages of full summaries.
 */
export function listTitles(data: StoreData): NoteTitle[] {
  const live = noteList(data).filter((n) => !n.deletedAt);
  live.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
  return live.map((n) => ({ id: n.id, title: displayTitle(n) }));
}
