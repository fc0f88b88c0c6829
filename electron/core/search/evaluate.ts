import type { Note, StoreData, Topic } from '../model.js';
import type { Facets, NoteFilter, NoteSort } from '../../contract.js';
import { tagWithin } from '../tags/normalize.js';
import { fold } from './fold.js';
import { foldWords, highlightTerms, parseQuery, printQuery, type QueryNode } from './query.js';
import { matchesStructured } from './filter.js';
import type { TextIndex } from './text-index.js';

export type SearchOptions = { sort: NoteSort; offset: number; limit: number; facets?: boolean; now?: number };
export type SearchResult = { total: number; page: Note[]; explained: string; terms: string[]; facets?: Facets };

const wordsOf = new WeakMap<Note, string>();
/** " word word …" of title and body, folded and split like the index, cached per (immutable) note. */
function words(note: Note): string {
  let s = wordsOf.get(note);
  if (s === undefined) {
    s = ' ' + foldWords(`${note.title}\n${note.body}`).join(' ');
    wordsOf.set(note, s);
  }
  return s;
}

const DAY = 86_400_000;

/** `2025-01-01`, `30d`, `2w`, `6m`, `1y` → an ISO instant (relative values count back from now). */
function dateValue(value: string, now: number): string | null {
  const rel = /^(\d+)([dwmy])$/.exec(value);
  if (rel) {
    const n = Number(rel[1]);
    const days = rel[2] === 'd' ? n : rel[2] === 'w' ? n * 7 : rel[2] === 'm' ? n * 30 : n * 365;
    return new Date(now - days * DAY).toISOString();
  }
  if (!/^\d{4}(-\d{2}(-\d{2})?)?/.test(value)) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

type Ctx = {
  data: StoreData;
  index: TextIndex | null;
  now: number;
  scores: Map<string, number>;
  sets: Map<QueryNode, Set<string>>;
  fields: Map<QueryNode, (note: Note) => boolean>;
};

/**
 * Ids of notes having a word that starts with each word of the term (and, for a phrase, the words in a
 * row). Uses the index when it is ready, else scans — both read words the same way, so results agree.
 */
function textSet(ctx: Ctx, node: QueryNode & { type: 'word' | 'phrase' }): Set<string> {
  let set = ctx.sets.get(node);
  if (set) return set;
  const needle = ' ' + node.value;
  if (ctx.index?.ready) {
    const parts = node.value.split(' ');
    let ids: Set<string> | undefined;
    for (const w of parts) {
      const found = ctx.index.search(w);
      // Rank-based relevance: FlexSearch orders by where the word occurs (title first), summed over words.
      found.forEach((id, rank) => ctx.scores.set(id, (ctx.scores.get(id) ?? 0) + 1 - rank / (found.length + 1)));
      ids = intersect(ids, found);
    }
    set = ids ?? new Set<string>();
    if (parts.length > 1) {
      const all = set;
      set = new Set<string>();
      for (const id of all) {
        const n = ctx.data.notes[id];
        if (n && words(n).includes(needle)) set.add(id);
      }
    }
  } else {
    set = new Set();
    for (const id in ctx.data.notes) if (words(ctx.data.notes[id]!).includes(needle)) set.add(id);
  }
  ctx.sets.set(node, set);
  return set;
}

function intersect(previous: Set<string> | undefined, found: readonly string[]): Set<string> {
  if (!previous) return new Set(found);
  return new Set(found.filter((id) => previous.has(id)));
}

function topicOf(data: StoreData, note: Note): Topic | undefined {
  return note.topicId ? data.topics[note.topicId] : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Turns a field term into a predicate once per query (dates parsed once, not per note). */
function compileField(ctx: Ctx, node: QueryNode & { type: 'field' }): (note: Note) => boolean {
  const { data } = ctx;
  const v = node.value.toLowerCase();
  const folded = fold(node.value);
  switch (node.field) {
    case 'tag':
      if (v.endsWith('/*')) {
        const prefix = v.slice(0, -1);
        return (n) => n.tags.some((t) => t.startsWith(prefix));
      }
      return (n) => n.tags.some((t) => tagWithin(t, v));
    case 'topic':
      return (n) => {
        const name = topicOf(data, n)?.name;
        return name !== undefined && fold(name).includes(folded);
      };
    case 'partner':
      return (n) => (topicOf(data, n)?.partners ?? []).some((p) => fold(p).includes(folded));
    case 'status':
      return (n) => topicOf(data, n)?.status === v;
    case 'pinned': {
      const want = ['yes', 'true', '1'].includes(v);
      return (n) => n.pinned === want;
    }
    case 'title':
      return (n) => fold(n.title).includes(folded);
    case 'in':
      // in:trash widens the structured filter to the trash (see searchNotes); any other value matches all.
      return () => true;
    case 'created':
    case 'updated': {
      const at = dateValue(v, ctx.now);
      if (!at) return () => true;
      const key = node.field === 'created' ? 'createdAt' : 'updatedAt';
      // "updated:<30d" reads "less than 30 days ago", i.e. newer than that instant.
      const relative = /^\d+[dwmy]$/.test(v);
      const op = relative ? ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=', '': '>=' } as const)[node.op] : node.op;
      const day = at.slice(0, 10);
      switch (op) {
        case '>':
          return (n) => n[key] > at;
        case '>=':
          return (n) => n[key] >= at;
        case '<':
          return (n) => n[key] < at;
        case '<=':
          return (n) => n[key] <= at;
        default:
          return (n) => n[key].slice(0, 10) === day;
      }
    }
  }
}

function matches(ctx: Ctx, note: Note, node: QueryNode): boolean {
  switch (node.type) {
    case 'and':
      return node.children.every((c) => matches(ctx, note, c));
    case 'or':
      return node.children.some((c) => matches(ctx, note, c));
    case 'not':
      return !matches(ctx, note, node.child);
    case 'word':
    case 'phrase':
      return textSet(ctx, node).has(note.id);
    case 'field': {
      let test = ctx.fields.get(node);
      if (!test) {
        test = compileField(ctx, node);
        ctx.fields.set(node, test);
      }
      return test(note);
    }
  }
}

/** A small candidate set: the smallest positive text term ANDed at the top, else null (scan everything). */
function candidates(ctx: Ctx, node: QueryNode): Set<string> | null {
  if (node.type === 'word' || node.type === 'phrase') return textSet(ctx, node);
  if (node.type !== 'and') return null;
  let best: Set<string> | null = null;
  for (const c of node.children) {
    const s = candidates(ctx, c);
    if (s && (!best || s.size < best.size)) best = s;
  }
  return best;
}

function mentionsTrash(node: QueryNode | null): boolean {
  if (!node) return false;
  if (node.type === 'field') return node.field === 'in' && node.value.toLowerCase() === 'trash';
  if (node.type === 'and' || node.type === 'or') return node.children.some(mentionsTrash);
  return false;
}

function hasText(node: QueryNode | null): boolean {
  if (!node) return false;
  if (node.type === 'word' || node.type === 'phrase') return true;
  if (node.type === 'and' || node.type === 'or') return node.children.some(hasText);
  return false;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
type OrderKey = 'updated' | 'created' | 'title';
const comparators: Record<OrderKey, (a: Note, b: Note) => number> = {
  updated: (a, b) => compare(b.updatedAt, a.updatedAt),
  created: (a, b) => compare(b.createdAt, a.createdAt),
  title: (a, b) => collator.compare(a.title, b.title) || compare(b.updatedAt, a.updatedAt),
};
function withPinned(cmp: (a: Note, b: Note) => number) {
  return (a: Note, b: Note) => (a.pinned !== b.pinned ? (a.pinned ? -1 : 1) : cmp(a, b));
}

const orders = new WeakMap<Record<string, Note>, Map<OrderKey, Note[]>>();
/**
 * All notes in a sort order (pinned first), computed once per state of the notes map. Queries then
 * filter an already sorted array instead of sorting their results on every keystroke.
 */
function sortedNotes(notes: Record<string, Note>, key: OrderKey): Note[] {
  let byKey = orders.get(notes);
  if (!byKey) {
    byKey = new Map();
    orders.set(notes, byKey);
  }
  let list = byKey.get(key);
  if (!list) {
    list = Object.values(notes).sort(withPinned(comparators[key]));
    byKey.set(key, list);
  }
  return list;
}

function top<T>(counts: Map<T, number>, n: number): [T, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).slice(0, n);
}

/** Tag, topic and partner counts over the whole result set (not just the page). */
function facetsOf(data: StoreData, hits: readonly Note[]): Facets {
  const tags = new Map<string, number>();
  const topics = new Map<string, number>();
  for (const n of hits) {
    for (const t of n.tags) tags.set(t, (tags.get(t) ?? 0) + 1);
    if (n.topicId) topics.set(n.topicId, (topics.get(n.topicId) ?? 0) + 1);
  }
  const partners = new Map<string, number>();
  for (const [topicId, count] of topics) {
    for (const p of data.topics[topicId]?.partners ?? []) partners.set(p, (partners.get(p) ?? 0) + count);
  }
  return {
    tags: top(tags, 40).map(([tag, count]) => ({ tag, count })),
    topics: top(topics, 20).map(([topicId, count]) => ({ topicId, count })),
    partners: top(partners, 20).map(([partner, count]) => ({ partner, count })),
  };
}

/**
 * Runs the search-box query together with the sidebar filter and returns one page.
 * Relevance (the default when there is text) ranks by the index's scores with recency as tiebreak;
 * other sorts filter a cached sorted order. Pinned notes always come first.
 */
export function searchNotes(data: StoreData, index: TextIndex | null, filter: NoteFilter, options: SearchOptions): SearchResult {
  const query = parseQuery(filter.text ?? '');
  const ctx: Ctx = { data, index, now: options.now ?? Date.now(), scores: new Map(), sets: new Map(), fields: new Map() };
  const structured: NoteFilter = { ...filter, trash: filter.trash || mentionsTrash(query) };
  const accept = (note: Note | undefined): note is Note =>
    note !== undefined && matchesStructured(note, structured) && (!query || matches(ctx, note, query));

  const byRelevance = options.sort === 'relevance' && hasText(query);
  const orderKey: OrderKey = options.sort === 'relevance' ? 'updated' : options.sort;
  const pool = query ? candidates(ctx, query) : null;
  const total = Object.keys(data.notes).length;
  let hits: Note[];
  if (pool && (byRelevance || pool.size * 8 < total)) {
    hits = [];
    for (const id of pool) {
      const note = data.notes[id];
      if (accept(note)) hits.push(note);
    }
    const cmp = byRelevance
      ? (a: Note, b: Note) => (ctx.scores.get(b.id) ?? 0) - (ctx.scores.get(a.id) ?? 0) || comparators.updated(a, b)
      : comparators[orderKey];
    hits.sort(withPinned(cmp));
  } else {
    // Big or no candidate set: walk the presorted order once (no per-query sort of tens of thousands).
    hits = sortedNotes(data.notes, orderKey).filter((n) => (!pool || pool.has(n.id)) && accept(n));
  }
  const result: SearchResult = {
    total: hits.length,
    page: hits.slice(options.offset, options.offset + options.limit),
    explained: printQuery(query),
    terms: highlightTerms(query),
  };
  if (options.facets) result.facets = facetsOf(data, hits);
  return result;
}
