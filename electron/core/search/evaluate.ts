import type { Note, StoreData } from '../../domain/model.js';
import type { Facets, NoteFilter, NoteSort } from '../../domain/views.js';
import { highlightTerms, parseQuery, printQuery, type QueryNode } from './query.js';
import { matchesStructured } from './filter.js';
import { TITLE, type DocSet, type TextIndex } from './text-index.js';
import { markingOfNote, schemeOf } from '../markings/resolve.js';
import { andInto, IndexEvaluator } from './indexed.js';
import { ScanEvaluator } from './scan.js';
import { titleHas } from './fields.js';
import type { FileMatcher } from '../attachments/file-search.js';
import type { LinkIndex } from '../links/link-index.js';
import { explainQuery, knownTags, queryHints, type QueryHint } from './explain.js';
import { SortedOrders } from './sorted-orders.js';

export type SearchOptions = {
  sort: NoteSort;
  offset: number;
  limit: number;
  facets?: boolean;
  now?: number;
  /** attachment names and text (file:, in:files); without it those terms match nothing */
  files?: FileMatcher | undefined;
  /** the live link index for linksto:/linkedfrom:/orphan: (one is built from `data` when absent or not ready) */
  links?: LinkIndex | null;
};
export type SearchResult = {
  total: number;
  page: Note[];
  explained: string;
  /** the query's meaning in words ("notes tagged x and not containing …") */
  meaning: string;
  hints: QueryHint[];
  terms: string[];
  facets?: Facets;
};

/** All notes in each sort order, per state of the notes map (see sorted-orders.ts). */
const orders = new SortedOrders();

/**
 * Sorts what the first list and search after open need (the recency order) in time slices, so that first
 * call does not sort every note in one piece; called while the index is made ready.
 */
export function warmSearchCaches(data: StoreData): Promise<void> {
  return orders.prepare(data.notes, 'updated');
}

/**
 * The core names the notes a save changed, so what searches keep per state of the notes (sort orders, the
 * known tags) moves on without a look at every record.
 */
export function syncSearchCaches(
  before: StoreData,
  after: StoreData,
  changedNotes: ReadonlySet<string>,
): void {
  orders.sync(before.notes, after.notes, changedNotes);
  knownTags.sync(before.notes, after.notes, changedNotes);
}

/**
 * Doc numbers of a sorted note list for one index version (so a pass needs no id lookups), looked up only
 * as far as a pass reads. Every save makes a new list, and looking up all 50,000 ids cost ≈7 ms on the
 * first list or search after each save. Most lists want one page; a search that reads the whole list
 * copies the numbers of the notes it shares with the last list read whole (walking both in order, as the
 * unchanged notes keep their order) and looks up only the notes changed since.
 */
class DocsInOrder {
  private readonly docs: Int32Array;
  private filled = 0;
  private from: { sorted: Note[]; docs: Int32Array; j: number } | null;

  constructor(
    private readonly sorted: Note[],
    readonly index: TextIndex,
    readonly version: number,
    earlier: DocsInOrder | undefined,
  ) {
    this.docs = new Int32Array(sorted.length);
    this.from = earlier ? { sorted: earlier.sorted, docs: earlier.docs, j: 0 } : null;
  }

  /** The doc number of sorted[i] (-1: not in the index). */
  at(i: number): number {
    if (i >= this.filled) this.fill(i);
    return this.docs[i]!;
  }

  /** All of them. */
  all(): Int32Array {
    if (this.sorted.length > 0) this.at(this.sorted.length - 1);
    return this.docs;
  }

  private fill(i: number): void {
    while (this.filled <= i) {
      this.docs[this.filled] = this.lookup(this.sorted[this.filled]!);
      this.filled++;
    }
    if (this.filled === this.sorted.length) {
      this.from = null;
      readWhole.set(this.index, this);
    }
  }

  private lookup(note: Note): number {
    const from = this.from;
    const index = this.index;
    while (from && from.j < from.sorted.length) {
      const old = from.sorted[from.j]!;
      const doc = from.docs[from.j]!;
      // The same note object, and the index still holds it at that number: nothing to look up.
      if (old === note && doc >= 0 && index.noteAt(doc) === note) {
        from.j++;
        return doc;
      }
      // A note the index still holds as it was comes later in this list: `note` is new here.
      if (old !== note && doc >= 0 && index.noteAt(doc) === old) break;
      from.j++; // changed or gone since
    }
    return index.docNumber(note.id) ?? -1;
  }
}

const docOrders = new WeakMap<Note[], DocsInOrder>();
/** Per index, the last list whose doc numbers were all read (what the next one copies from). */
const readWhole = new WeakMap<TextIndex, DocsInOrder>();
function docsInOrder(sorted: Note[], index: TextIndex): DocsInOrder {
  const cached = docOrders.get(sorted);
  if (cached && cached.index === index && cached.version === index.version) return cached;
  const docs = new DocsInOrder(sorted, index, index.version, readWhole.get(index));
  docOrders.set(sorted, docs);
  return docs;
}

function mentionsIn(node: QueryNode | null, where: string): boolean {
  if (!node) return false;
  if (node.type === 'field') return node.field === 'in' && node.value.toLowerCase() === where;
  if (node.type === 'and' || node.type === 'or') return node.children.some((c) => mentionsIn(c, where));
  return false;
}

/** `in:files` anywhere in the query: its words search the text of attachments instead of the notes. */
export function searchesFiles(text: string | undefined): boolean {
  return mentionsIn(parseQuery(text ?? ''), 'files');
}

const noFiles: FileMatcher = { notesByName: () => new Set(), notesByText: () => new Set() };

/** Positive text terms (for relevance): words and phrases not under a negation. */
function positiveText(node: QueryNode | null): string[] {
  if (!node || node.type === 'not' || node.type === 'field') return [];
  if (node.type === 'word' || node.type === 'phrase') return [node.value];
  return node.children.flatMap(positiveText);
}

function top<T>(counts: Map<T, number>, n: number): [T, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).slice(0, n);
}

/** Counts by effective marking, in the scheme's order (every level, zero counts included). */
function markingFacets(data: StoreData, hits: Iterable<Note>): Facets['markings'] {
  const scheme = schemeOf(data);
  const counts = new Map<string, number>();
  for (const n of hits) {
    const level = markingOfNote(data, n, scheme).level;
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  const out = scheme.levels.map((l) => ({ level: l.name, colour: l.colour, count: counts.get(l.name) ?? 0 }));
  for (const [level, count] of counts)
    if (!scheme.levels.some((l) => l.name === level))
      out.push({ level, colour: scheme.levels.at(-1)!.colour, count });
  return out;
}

function* docNotes(index: TextIndex, set: DocSet): Generator<Note> {
  for (let doc = 0; doc < set.length; doc++) {
    if (!set[doc]) continue;
    const n = index.noteAt(doc);
    if (n) yield n;
  }
}

function toFacets(
  data: StoreData,
  tags: Map<string, number>,
  topics: Map<string, number>,
  markings: Facets['markings'],
): Facets {
  const partners = new Map<string, number>();
  for (const [topicId, count] of topics) {
    for (const p of data.topics[topicId]?.partners ?? []) partners.set(p, (partners.get(p) ?? 0) + count);
  }
  return {
    tags: top(tags, 40).map(([tag, count]) => ({ tag, count })),
    topics: top(topics, 20).map(([topicId, count]) => ({ topicId, count })),
    partners: top(partners, 20).map(([partner, count]) => ({ partner, count })),
    markings,
  };
}

/**
 * Relevance key, higher first: how many of the search words start a title word (0 = body only, at
 * most 7), plus 8 when pinned. Both paths use it, and inside a key the recency order holds.
 */
function rankKey(titleWords: number, pinned: boolean): number {
  return Math.min(titleWords, 7) + (pinned ? 8 : 0);
}

/** The scan path's relevance order (the index path counts title words from its title postings). */
function rankByTitle(hits: Note[], words: string[]): Note[] {
  const keys = new Map(
    hits.map((n) => [
      n,
      rankKey(words.filter((w) => titleHas(n.title, [w.split(' ')[0]!])).length, n.pinned),
    ]),
  );
  return [...hits].sort((a, b) => keys.get(b)! - keys.get(a)!); // stable: recency order holds inside a key
}

/** Facets the slow way, for the scan path. */
function facetsOfNotes(data: StoreData, hits: readonly Note[]): Facets {
  const tags = new Map<string, number>();
  const topics = new Map<string, number>();
  for (const n of hits) {
    for (const t of n.tags) tags.set(t, (tags.get(t) ?? 0) + 1);
    if (n.topicId) topics.set(n.topicId, (topics.get(n.topicId) ?? 0) + 1);
  }
  return toFacets(data, tags, topics, markingFacets(data, hits));
}

/**
 * Runs the search-box query together with the sidebar filter and returns one page.
 * With the index ready, filter and query become one doc set and a single pass over a cached sorted order
 * collects the hits (no per-query sort, no note object touched). Relevance (with text) puts notes whose
 * title has the words first; recency orders the rest. Before the index is ready every note is scanned.
 * Pinned notes always come first.
 */
export function searchNotes(
  data: StoreData,
  index: TextIndex | null,
  filter: NoteFilter,
  options: SearchOptions,
): SearchResult {
  const query = parseQuery(filter.text ?? '');
  const now = options.now ?? Date.now();
  const structured: NoteFilter = { ...filter, trash: filter.trash || mentionsIn(query, 'trash') };
  const files = { matcher: options.files ?? noFiles, inFiles: mentionsIn(query, 'files') };
  const sorted = orders.get(data.notes, options.sort === 'relevance' ? 'updated' : options.sort);
  let total: number;
  let page: Note[];
  let facets: Facets | undefined;
  const words = options.sort === 'relevance' ? positiveText(query) : [];
  if (index?.ready) {
    const evaluator = new IndexEvaluator(index, data, now, files, options.links ?? null);
    const set = evaluator.structured(structured);
    if (query) andInto(set, evaluator.evaluate(query));
    // Relevance: how many of the words are in the title (0 = body only); recency inside each score.
    let score: Uint8Array | null = null;
    for (const w of words) {
      const inTitle = index.prefixSet(TITLE + w.split(' ')[0]!);
      score ??= new Uint8Array(index.capacity);
      for (let d = 0; d < score.length; d++) score[d] = score[d]! + inTitle[d]!;
    }
    const inOrder = docsInOrder(sorted, index);
    page = [];
    let skip = options.offset;
    if (!score) {
      // One key for all (recency): the set holds live docs only, each a note of the sorted list, so the
      // total is its size and the page is read from the top of the list, as far as it takes.
      total = 0;
      for (let d = 0; d < set.length; d++) total += set[d]!;
      for (let i = 0; i < sorted.length && page.length < options.limit; i++) {
        const doc = inOrder.at(i);
        if (doc < 0 || !set[doc]) continue;
        if (skip > 0) skip--;
        else page.push(sorted[i]!);
      }
    } else {
      const docs = inOrder.all();
      // Rank key per doc (see rankKey); the cached order holds inside each key. Only the page is materialised.
      const keyOf = (doc: number) => rankKey(score[doc]!, index.columns.pinned[doc] === 1);
      const perKey = new Uint32Array(16);
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (doc >= 0 && set[doc]) perKey[keyOf(doc)]!++;
      }
      total = perKey.reduce((a, b) => a + b, 0);
      for (let key = 15; key >= 0 && page.length < options.limit; key--) {
        const count = perKey[key]!;
        if (count === 0) continue;
        if (skip >= count) {
          skip -= count;
          continue;
        }
        for (let i = 0; i < docs.length && page.length < options.limit; i++) {
          const doc = docs[i]!;
          if (doc < 0 || !set[doc] || keyOf(doc) !== key) continue;
          if (skip > 0) skip--;
          else page.push(sorted[i]!);
        }
      }
    }
    if (options.facets) {
      const counts = evaluator.facetCounts(set);
      facets = toFacets(data, counts.tags, counts.topics, markingFacets(data, docNotes(index, set)));
    }
  } else {
    const scan = new ScanEvaluator(data, now, files, options.links ?? null);
    const matched = sorted.filter(
      (n) => matchesStructured(n, structured) && (!query || scan.matches(n, query)),
    );
    const hits = words.length > 0 ? rankByTitle(matched, words) : matched;
    total = hits.length;
    page = hits.slice(options.offset, options.offset + options.limit);
    if (options.facets) facets = facetsOfNotes(data, hits);
  }
  const result: SearchResult = {
    total,
    page,
    explained: printQuery(query),
    meaning: explainQuery(query),
    hints: filter.text ? queryHints(filter.text, query, data.notes) : [],
    terms: highlightTerms(query),
  };
  if (facets) result.facets = facets;
  return result;
}
