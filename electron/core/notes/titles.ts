import type { StoreData } from '../model.js';
import { displayTitle } from './notes.js';

/** One live note as the command palette lists it. */
export type NoteTitle = { id: string; title: string; topicId: string | null; updatedAt: string };

/**
 * Every live note's display title, most recently updated first: the palette matches titles fuzzily in the
 * window, so it needs all of them at once (≈60 bytes a note), not pages of full summaries.
 */
export function listTitles(data: StoreData): NoteTitle[] {
  const out: NoteTitle[] = [];
  for (const n of Object.values(data.notes)) {
    if (n.deletedAt) continue;
    out.push({ id: n.id, title: displayTitle(n), topicId: n.topicId, updatedAt: n.updatedAt });
  }
  return out.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}
