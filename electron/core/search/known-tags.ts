import type { Note, NoteMap } from '../../domain/model.js';
import { changedBetween, MAX_MOVED } from './state-diff.js';

/**
 * Every tag on a live note, with each of its parents (partner/kaist also yields partner), per state of the
 * notes map: query hints ask it for each query that names a tag. Counting 50,000 notes afresh after every
 * save cost ≈130 ms; instead each tag's count of live notes moves on from the last state, by the notes the
 * core says a save changed (else by a diff of the two states).
 */
export class KnownTags {
  private readonly byState = new WeakMap<NoteMap, Set<string>>();
  /** the state counted last, and how many live notes carry each tag (kept for the next state) */
  private last: { notes: NoteMap; counts: Map<string, number> } | null = null;

  get(notes: NoteMap): Set<string> {
    const known = this.byState.get(notes);
    if (known) return known;
    const from = this.last;
    if (!from || from.notes === notes || !this.move(from, notes, changedBetween(from.notes, notes))) {
      const counts = new Map<string, number>();
      notes.forEach((n) => add(counts, n, 1));
      this.last = { notes, counts };
    }
    return this.remember(notes);
  }

  /** The core's hint: only the notes `changed` differ between `prev` and `next`. */
  sync(prev: NoteMap, next: NoteMap, changed: Iterable<string>): void {
    if (prev === next || this.last?.notes !== prev || this.byState.has(next)) return;
    const ids = new Set(changed);
    if (ids.size > MAX_MOVED) return;
    if (this.move(this.last, next, ids)) this.remember(next);
  }

  /** Moves `from`'s counts (in place: only the newest state keeps them) to `next`; false: too much changed. */
  private move(
    from: { notes: NoteMap; counts: Map<string, number> },
    next: NoteMap,
    changed: Iterable<string> | null,
  ): boolean {
    if (!changed) return false;
    for (const id of changed) {
      const was = from.notes.get(id);
      const now = next.get(id);
      if (was === now) continue;
      if (was) add(from.counts, was, -1);
      if (now) add(from.counts, now, 1);
    }
    this.last = { notes: next, counts: from.counts };
    return true;
  }

  private remember(notes: NoteMap): Set<string> {
    const known = new Set(this.last!.counts.keys());
    this.byState.set(notes, known);
    return known;
  }
}

/** Adds (or with -1 takes away) a note's tags and their parents; a tag whose count reaches 0 is gone. */
function add(counts: Map<string, number>, note: Note, by: 1 | -1): void {
  if (note.deletedAt) return;
  for (const t of note.tags) {
    const parts = t.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const tag = parts.slice(0, i).join('/');
      const n = (counts.get(tag) ?? 0) + by;
      if (n > 0) counts.set(tag, n);
      else counts.delete(tag);
    }
  }
}
