import type { Note, NoteMap } from '../../domain/model.js';
import { changedBetween, MAX_MOVED } from './state-diff.js';
import { sortInSlices } from '../../domain/slices.js';

export type OrderKey = 'updated' | 'created' | 'title';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Pinned first, then the key; the id last, so the order is total: a list derived from the previous one
 * (below) equals a full sort of the same notes exactly.
 */
const comparators: Record<OrderKey, (a: Note, b: Note) => number> = {
  updated: (a, b) => compare(b.updatedAt, a.updatedAt),
  created: (a, b) => compare(b.createdAt, a.createdAt),
  title: (a, b) => collator.compare(a.title, b.title) || compare(b.updatedAt, a.updatedAt),
};
const ordered = (key: OrderKey) => {
  const cmp = comparators[key];
  return (a: Note, b: Note) =>
    a.pinned !== b.pinned ? (a.pinned ? -1 : 1) : cmp(a, b) || compare(a.id, b.id);
};
const orderOf: Record<OrderKey, (a: Note, b: Note) => number> = {
  updated: ordered('updated'),
  created: ordered('created'),
  title: ordered('title'),
};

/** All notes of a state sorted afresh (what a derived list must equal). */
export function sortNotes(notes: NoteMap, key: OrderKey): Note[] {
  return notes.toArray().sort(orderOf[key]);
}

/**
 * All notes in a sort order (pinned first), per state of the notes map, so queries filter an already sorted
 * array instead of sorting their results on every keystroke. The core makes a new notes map for every save;
 * sorting 50,000 notes afresh then cost ≈90 ms at the next list after each save. A new state's list is
 * instead derived from the last one asked for: the records that differ are taken out and put back in place
 * by binary search.
 */
export class SortedOrders {
  private readonly byState = new WeakMap<NoteMap, Map<OrderKey, Note[]>>();
  /** the state asked for last (held, so the next one can be derived from it) */
  private last: { notes: NoteMap; lists: Map<OrderKey, Note[]> } | null = null;

  get(notes: NoteMap, key: OrderKey): Note[] {
    let lists = this.byState.get(notes);
    if (!lists) this.byState.set(notes, (lists = new Map()));
    let list = lists.get(key);
    if (!list) {
      const from = this.last && this.last.notes !== notes ? this.last : null;
      const before = from?.lists.get(key);
      const changed = before ? changedBetween(from!.notes, notes) : null;
      const moved = changed && movedBy(from!.notes, notes, changed);
      list = moved ? move(before!, moved, orderOf[key]) : sortNotes(notes, key);
      lists.set(key, list);
    }
    this.last = { notes, lists };
    return list;
  }

  /**
   * Sorts a state's list in time slices ahead of the first query that needs it (at open: sorting 50,000
   * notes in one piece held the core ≈100 ms on the first search); the same list get would make.
   */
  async prepare(notes: NoteMap, key: OrderKey): Promise<void> {
    if (this.byState.get(notes)?.has(key)) return;
    const list = await sortInSlices(notes.toArray(), orderOf[key]);
    let lists = this.byState.get(notes);
    if (!lists) this.byState.set(notes, (lists = new Map()));
    if (!lists.has(key)) lists.set(key, list);
    // Kept as the state to move on from, unless a newer state was asked for meanwhile.
    if (!this.last || this.last.notes === notes) this.last = { notes, lists };
  }

  /**
   * The core's hint for a new state: only the notes `changed` differ from `prev` (spares changedBetween's look at
   * every record). Lists of the last state move on at once; anything else waits for `get`.
   */
  sync(prev: NoteMap, next: NoteMap, changed: Iterable<string>): void {
    if (prev === next || this.last?.notes !== prev || this.byState.has(next)) return;
    const moved = movedBy(prev, next, changed);
    if (!moved) return;
    const lists = new Map<OrderKey, Note[]>();
    for (const [key, list] of this.last.lists) lists.set(key, move(list, moved, orderOf[key]));
    this.byState.set(next, lists);
    this.last = { notes: next, lists };
  }
}

/** The records `changed` (repeats allowed) names, as taken out and put in; null when too many. */
function movedBy(
  prev: NoteMap,
  next: NoteMap,
  changed: Iterable<string>,
): { gone: Set<Note>; added: Note[] } | null {
  const gone = new Set<Note>();
  const added: Note[] = [];
  for (const id of new Set(changed)) {
    const was = prev.get(id);
    const now = next.get(id);
    if (was === now) continue;
    if (was) gone.add(was);
    if (now) added.push(now);
    if (added.length > MAX_MOVED || gone.size > MAX_MOVED) return null;
  }
  return { gone, added };
}

/** A new array (the old state's list may still be in use by a query on it): `gone` out, `added` in place. */
function move(
  list: Note[],
  { gone, added }: { gone: Set<Note>; added: Note[] },
  cmp: (a: Note, b: Note) => number,
): Note[] {
  const out = gone.size ? list.filter((n) => !gone.has(n)) : list.slice();
  if (added.length <= FEW) {
    for (const n of added) out.splice(upperBound(out, n, cmp), 0, n);
    return out;
  }
  // Many (an import): sorted among themselves, then merged in one pass instead of a splice each (which
  // moved the whole list per note). A new note goes after the ones it ties with, as upperBound puts it.
  const add = added.slice().sort(cmp);
  const merged = new Array<Note>(out.length + add.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < out.length && j < add.length) merged[k++] = cmp(add[j]!, out[i]!) < 0 ? add[j++]! : out[i++]!;
  while (i < out.length) merged[k++] = out[i++]!;
  while (j < add.length) merged[k++] = add[j++]!;
  return merged;
}

/** Up to this many notes are put in by binary search and splice; more are sorted and merged in. */
const FEW = 16;

function upperBound(list: Note[], n: Note, cmp: (a: Note, b: Note) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(list[mid]!, n) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
