import type { StoreData } from '../../domain/model.js';
import { bump, DerivedView } from './derived-view.js';

/** How many notes are live and in the trash, and how many live notes each topic holds. */
export type NoteStats = { live: number; trashed: number; byTopic: Map<string, number> };

/** The counts app.info and topics.list give after every change, moved on from save to save. */
export const noteStatsView = new DerivedView<NoteStats>({
  empty: () => ({ live: 0, trashed: 0, byTopic: new Map() }),
  add(s, n, by) {
    if (n.deletedAt) {
      s.trashed += by;
      return;
    }
    s.live += by;
    if (n.topicId) bump(s.byTopic, n.topicId, by);
  },
});

/** The note counts of a state (read them before the next change: the view moves on in place). */
export function noteStats(data: StoreData): NoteStats {
  return noteStatsView.get(data.notes);
}
