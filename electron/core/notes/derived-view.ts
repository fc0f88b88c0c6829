import type { Note, NoteMap } from '../../domain/model.js';
import { MAX_MOVED } from '../search/state-diff.js';

/** How a view is made from nothing and how one note adds to it (by 1) or is taken out of it (by -1). */
export type ViewSpec<S> = {
  empty(): S;
  add(state: S, note: Note, by: 1 | -1): void;
};

/**
 * Something every contract call the UI makes after a change needs from all notes (counts per topic, tag
 * counts, which notes use which attachment), kept for the state asked last and moved on to the next state by
 * the notes that differ between the two: the notes maps share the chunks a save did not touch, so finding
 * them costs the change, not the notebook (a one-note save at 50,000 notes: microseconds instead of a scan).
 * Far apart states (an import, a restored backup) are counted afresh. The state is updated in place: only
 * the newest state's view is kept, so read what you need from it before the next get.
 */
export class DerivedView<S> {
  private last: { notes: NoteMap; state: S } | null = null;

  constructor(private readonly spec: ViewSpec<S>) {}

  get(notes: NoteMap): S {
    const last = this.last;
    if (last && last.notes === notes) return last.state;
    const changed = last ? notes.changedSince(last.notes, MAX_MOVED) : null;
    if (!last || !changed) {
      const state = this.spec.empty();
      notes.forEach((n) => this.spec.add(state, n, 1));
      this.last = { notes, state };
      return state;
    }
    for (const id of changed) {
      const was = last.notes.get(id);
      const now = notes.get(id);
      if (was === now) continue;
      if (was) this.spec.add(last.state, was, -1);
      if (now) this.spec.add(last.state, now, 1);
    }
    this.last = { notes, state: last.state };
    return last.state;
  }

  /** The view of `notes` counted afresh (what get must equal; tests compare the two). */
  rebuild(notes: NoteMap): S {
    const state = this.spec.empty();
    notes.forEach((n) => this.spec.add(state, n, 1));
    return state;
  }
}

/** Adds `by` to a count in a map, dropping it at zero (so a view has no keys with nothing behind them). */
export function bump<K>(counts: Map<K, number>, key: K, by: number): void {
  const n = (counts.get(key) ?? 0) + by;
  if (n === 0) counts.delete(key);
  else counts.set(key, n);
}
