import type { Note, StoreData } from '../../domain/model.js';
import { tagAncestors } from '../tags/normalize.js';
import { foldWords } from './tokenize.js';
import { yieldToLoop } from '../../domain/slices.js';
import { bodyLength } from '../../domain/note-access.js';
import { ByteRanges } from './byte-ranges.js';

/** A set of documents as one byte per document number (fast to fill, AND, OR and test). */
export type DocSet = Uint8Array;

/** What a persisted index holds (see index-cache.ts): term and doc tables plus their typed arrays. */
export type IndexSnapshot = {
  terms: string[];
  docs: string[];
  fingerprints: string[];
  /** per term, its doc numbers as gaps in LEB128 varints (see encodePostings) */
  postings: Uint8Array[];
  /** per doc, its words as term ids in order, LEB128 varints (see encodeSequence) */
  sequences: Uint8Array[];
};

/**
 * A document's words as term ids, as unsigned LEB128 varints: term ids are numbered in order of first
 * appearance, so common words have small ids and most take one byte (a quarter of an Int32Array).
 */
export function encodeSequence(ids: ArrayLike<number>, scratch: { bytes: Uint8Array }): Uint8Array {
  const n = encodeSequenceInto(ids, scratch); // may replace scratch.bytes
  return scratch.bytes.slice(0, n);
}

/** encodeSequence into `scratch.bytes` (grown when short); returns the byte count. */
function encodeSequenceInto(ids: ArrayLike<number>, scratch: { bytes: Uint8Array }): number {
  if (scratch.bytes.length < ids.length * 5) scratch.bytes = new Uint8Array(ids.length * 5);
  const out = scratch.bytes;
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    let v = ids[i]!;
    while (v >= 0x80) {
      out[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[at++] = v;
  }
  return at;
}

/** Decodes a sequence into `into` (grown when short); returns the number of ids, or -1 if malformed. */
export function decodeSequence(seq: Uint8Array, into: { ids: Int32Array }): number {
  if (into.ids.length < seq.length) into.ids = new Int32Array(seq.length * 2);
  const out = into.ids;
  let n = 0;
  let v = 0;
  let shift = 0;
  for (let i = 0; i < seq.length; i++) {
    const b = seq[i]!;
    if (shift > 28) return -1;
    v |= (b & 0x7f) << shift;
    if (b & 0x80) shift += 7;
    else {
      out[n++] = v >>> 0;
      v = 0;
      shift = 0;
    }
  }
  return shift === 0 ? n : -1;
}

/**
 * A posting list (ascending doc numbers) as the gaps between them, LEB128 varints, the first gap counted
 * from -1. Most gaps are small, so most docs take one byte: a quarter of an Int32Array (30 -> 8 MB at 50k).
 */
export function encodePostings(
  docs: ArrayLike<number>,
  scratch: { bytes: Uint8Array },
  from = -1,
  /** answer a view into scratch.bytes (valid until its next use) instead of a copy */
  view = false,
): Uint8Array {
  if (scratch.bytes.length < docs.length * 5) scratch.bytes = new Uint8Array(docs.length * 5);
  const out = scratch.bytes;
  let at = 0;
  let prev = from;
  for (let i = 0; i < docs.length; i++) {
    let v = docs[i]! - prev;
    prev = docs[i]!;
    while (v >= 0x80) {
      out[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[at++] = v;
  }
  return view ? out.subarray(0, at) : out.slice(0, at);
}

/** The doc numbers of an encoded posting list, in order. */
export function decodePostings(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let doc = -1;
  let v = 0;
  let shift = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    v |= (b & 0x7f) << shift;
    if (b & 0x80) shift += 7;
    else {
      doc += v;
      out.push(doc);
      v = 0;
      shift = 0;
    }
  }
  return out;
}

/**
 * Checks an encoded posting list read from disk: well-formed varints, ascending, every doc below `docs`.
 * Returns the number of docs, or -1.
 */
export function checkPostings(bytes: Uint8Array, docs: number): number {
  let doc = -1;
  let v = 0;
  let shift = 0;
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (shift > 28) return -1;
    v |= (b & 0x7f) << shift;
    if (b & 0x80) shift += 7;
    else {
      if (v < 1) return -1;
      doc += v;
      if (doc >= docs) return -1;
      n++;
      v = 0;
      shift = 0;
    }
  }
  return shift === 0 ? n : -1;
}

/** The last doc of an encoded posting list (-1 when empty), for appending to it. */
function lastPosting(bytes: Uint8Array): number {
  let doc = -1;
  let v = 0;
  let shift = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    v |= (b & 0x7f) << shift;
    if (b & 0x80) shift += 7;
    else {
      doc += v;
      v = 0;
      shift = 0;
    }
  }
  return doc;
}

/** Changes whenever anything the index reads from a note changes (text edits always move updatedAt). */
export function fingerprint(note: Note): string {
  return `${note.updatedAt}|${note.title.length}|${bodyLength(note)}|${note.tags.join(',')}`;
}

/** Postings of one term: doc numbers, sealed into varint gaps after the build plus a tail for later edits. */
/**
 * A term's doc numbers: those sealed (varint gaps in TextIndex.sealed, entry `id`) and those added since,
 * ascending. Most terms have no tail: they share NO_DOCS until a doc is added.
 */
type Posting = { id: number; tail: number[]; last: number };
const NO_DOCS: number[] = [];

const BUILD_SLICE_MS = 10;
/** Term namespaces; folded words never contain control characters, so the ranges never mix. */
export const TITLE = '\u0001'; // a word of the title
export const TAG = '\u0002'; // a tag or one of its ancestors (tag:partner matches partner/kaist)
export const OWN_TAG = '\u0003'; // a tag exactly as written on the note (facet counts)

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per-document values in typed arrays: filters read these instead of chasing 50,000 note objects. */
class Columns {
  created = new Float64Array(1024);
  updated = new Float64Array(1024);
  pinned = new Uint8Array(1024);
  deleted = new Uint8Array(1024);
  /** topic number (see TextIndex.topicNumber), -1 for the inbox */
  topic = new Int32Array(1024);

  set(doc: number, note: Note, topicNumber: number): void {
    if (doc >= this.created.length) this.grow(Math.max(doc + 1, this.created.length * 2));
    this.created[doc] = Date.parse(note.createdAt);
    this.updated[doc] = Date.parse(note.updatedAt);
    this.pinned[doc] = note.pinned ? 1 : 0;
    this.deleted[doc] = note.deletedAt ? 1 : 0;
    this.topic[doc] = topicNumber;
  }

  setDead(doc: number): void {
    if (doc >= this.created.length) this.grow(Math.max(doc + 1, this.created.length * 2));
    this.deleted[doc] = 1;
    this.topic[doc] = -1;
  }

  private grow(size: number): void {
    const grow = <T extends Float64Array | Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.created = grow(this.created, (n) => new Float64Array(n));
    this.updated = grow(this.updated, (n) => new Float64Array(n));
    this.pinned = grow(this.pinned, (n) => new Uint8Array(n));
    this.deleted = grow(this.deleted, (n) => new Uint8Array(n));
    this.topic = grow(this.topic, (n) => new Int32Array(n));
  }
}

/**
 * Inverted index over notes: words of title and body, title words, and tags (with their ancestors) map
 * to doc numbers; a sorted vocabulary makes a word being typed a prefix range; dates, pin, trash and
 * topic sit in typed-array columns. Hand-rolled after measuring the libraries on our corpus (see
 * bench/suites/search.ts): FlexSearch's forward index took 5 s and 600 MB for 10k notes, MiniSearch
 * answered common words in 130 ms — our queries combine sets of documents, not ranked top-k lists.
 *
 * Edits never rewrite postings: a changed note gets a new doc number and the old one is marked dead;
 * when dead numbers outnumber live ones everything is renumbered densely.
 */
export class TextIndex {
  private postings = new Map<string, Posting>();
  private vocabulary: string[] = [];
  private vocabularySorted = true;
  /** doc number → note (undefined when dead) */
  private notes: (Note | undefined)[] = [];
  /** doc number → its words as term ids in order (for phrases), varint-encoded */
  private sequences = new ByteRanges();
  /** term id → its sealed doc numbers, varint gaps (see encodePostings); see Posting */
  private sealed = new ByteRanges();
  private readonly scratch = { bytes: new Uint8Array(4096), ids: new Int32Array(4096) };
  private termCount = 0;
  private docOf = new Map<string, number>();
  private topicNumbers = new Map<string, number>();
  readonly columns = new Columns();
  private dead = 0;
  private building: Promise<void> | null = null;
  /** bumped whenever doc numbers change, so callers can cache per version */
  version = 0;
  ready = false;

  /** @param compactAfterDead dead doc numbers tolerated before renumbering (tests set it low) */
  constructor(private readonly compactAfterDead = 1000) {}

  /**
   * Indexes every note in slices so the event loop stays free; queries before it finishes use the scan
   * fallback. Edits made meanwhile reach the index through sync, so notes sync already saw are skipped.
   */
  build(current: () => StoreData, load?: () => Promise<IndexSnapshot | null>): Promise<void> {
    this.building ??= (async () => {
      const snapshot = load ? await load().catch(() => null) : null;
      if (snapshot) await this.restore(snapshot, current);
      let slice = performance.now();
      const all = current().notes;
      for (const id in all) {
        const note = all[id]!;
        if (!this.docOf.has(id) && current().notes[id] === note) this.add(note);
        if (performance.now() - slice > BUILD_SLICE_MS) {
          await yieldToLoop();
          slice = performance.now();
        }
      }
      this.seal();
      this.ready = true;
    })();
    return this.building;
  }

  /**
   * Takes over a persisted index: docs whose note is gone or changed are dead, their notes re-added by build.
   * Comparing fingerprints (the costly part) runs in slices; taking over is one step, and only into an
   * empty index (an edit synced meanwhile has taken doc numbers, and then the index is built afresh).
   */
  private async restore(snap: IndexSnapshot, current: () => StoreData): Promise<void> {
    const matched = new Array<Note | undefined>(snap.docs.length);
    let slice = performance.now();
    for (let doc = 0; doc < snap.docs.length; doc++) {
      const id = snap.docs[doc]!;
      const note = id ? current().notes[id] : undefined;
      if (note && fingerprint(note) === snap.fingerprints[doc]) matched[doc] = note;
      if (performance.now() - slice > BUILD_SLICE_MS) {
        await yieldToLoop();
        slice = performance.now();
      }
    }
    if (this.notes.length !== 0) return;
    const data = current();
    this.termCount = snap.terms.length;
    snap.terms.forEach((term, id) => {
      this.postings.set(term, { id, tail: NO_DOCS, last: -1 });
      this.sealed.adopt(id, snap.postings[id]);
    });
    this.vocabulary = [...snap.terms].sort();
    snap.docs.forEach((id, doc) => {
      const note = matched[doc];
      // Still the same record (an edit meanwhile made a new one), and the first doc of its id.
      if (note && data.notes[id] === note && !this.docOf.has(id)) {
        this.notes.push(note);
        this.sequences.adopt(doc, snap.sequences[doc]);
        this.docOf.set(id, doc);
        this.columns.set(doc, note, this.topicNumber(note.topicId));
      } else {
        this.notes.push(undefined);
        this.sequences.adopt(doc, undefined);
        this.columns.setDead(doc);
        this.dead += 1;
      }
    });
    this.restoredDocs = this.docOf.size;
  }

  /** How many documents came from a persisted index in the last build (0 when built from scratch). */
  restoredDocs = 0;

  /** The index as plain tables and typed arrays, for index-cache.ts to write. */
  snapshot(): IndexSnapshot {
    this.seal(); // edits since the build sit in tails; one typed array per term is what gets written
    const terms: string[] = new Array<string>(this.termCount);
    const postings: Uint8Array[] = new Array<Uint8Array>(this.termCount);
    for (const [term, p] of this.postings) {
      terms[p.id] = term;
      postings[p.id] = this.sealed.get(p.id) ?? new Uint8Array(0);
    }
    return {
      terms,
      postings,
      docs: this.notes.map((n) => n?.id ?? ''),
      fingerprints: this.notes.map((n) => (n ? fingerprint(n) : '')),
      sequences: this.notes.map((_, doc) => this.sequences.get(doc) ?? new Uint8Array(0)),
    };
  }

  /** A small stable number per topic id, for the topic column. */
  topicNumber(topicId: string | null): number {
    if (topicId === null) return -1;
    let n = this.topicNumbers.get(topicId);
    if (n === undefined) {
      n = this.topicNumbers.size;
      this.topicNumbers.set(topicId, n);
    }
    return n;
  }

  /** Topic id → number, for building per-topic lookups. */
  topicNumberMap(): ReadonlyMap<string, number> {
    return this.topicNumbers;
  }

  private add(note: Note): void {
    const doc = this.notes.length;
    this.notes.push(note);
    this.docOf.set(note.id, doc);
    this.columns.set(doc, note, this.topicNumber(note.topicId));
    const title = foldWords(note.title);
    for (const w of title) this.post(TITLE + w, doc);
    for (const tag of note.tags) {
      this.post(OWN_TAG + tag, doc);
      for (const t of tagAncestors(tag)) this.post(TAG + t, doc);
    }
    const words = title.concat(foldWords(note.body));
    if (this.scratch.ids.length < words.length) this.scratch.ids = new Int32Array(words.length * 2);
    const ids = this.scratch.ids;
    for (let i = 0; i < words.length; i++) ids[i] = this.post(words[i]!, doc);
    const bytes = encodeSequenceInto(ids.subarray(0, words.length), this.scratch);
    this.sequences.set(doc, this.scratch.bytes.subarray(0, bytes));
  }

  private post(term: string, doc: number): number {
    let p = this.postings.get(term);
    if (!p) {
      p = { id: this.termCount++, tail: NO_DOCS, last: -1 };
      this.postings.set(term, p);
      if (this.ready) this.vocabulary.splice(lowerBound(this.vocabulary, term), 0, term);
      else {
        this.vocabulary.push(term);
        this.vocabularySorted = false;
      }
    }
    if (p.last !== doc) {
      p.last = doc;
      if (p.tail === NO_DOCS) p.tail = [doc];
      else p.tail.push(doc);
    }
    return p.id;
  }

  private kill(id: string): void {
    const doc = this.docOf.get(id);
    if (doc === undefined) return;
    this.notes[doc] = undefined;
    this.sequences.clear(doc);
    this.columns.setDead(doc);
    this.docOf.delete(id);
    this.dead += 1;
  }

  /** Moves build-time arrays into varint gaps (see encodePostings), appended to what was sealed before. */
  private seal(): void {
    for (const p of this.postings.values()) {
      if (p.tail.length === 0) continue;
      const sealed = this.sealed.get(p.id);
      if (!sealed) this.sealed.set(p.id, encodePostings(p.tail, this.scratch, -1, true));
      else {
        // Old bytes then the tail's, copied in once (the old range stays unused until compact).
        const more = encodePostings(p.tail, this.scratch, lastPosting(sealed), true);
        const merged = new Uint8Array(sealed.length + more.length);
        merged.set(sealed);
        merged.set(more, sealed.length);
        this.sealed.set(p.id, merged);
      }
      p.tail = NO_DOCS;
    }
    if (!this.vocabularySorted) {
      this.vocabulary.sort();
      this.vocabularySorted = true;
    }
  }

  /** Applies the notes that changed between two states (by reference: the core never mutates records). */
  sync(before: StoreData, after: StoreData, changedIds?: Iterable<string>): void {
    if (before.notes === after.notes) return;
    this.version += 1;
    for (const id of changedIds ?? Object.keys(after.notes)) {
      const note = after.notes[id];
      if (note === undefined) {
        this.kill(id);
        continue;
      }
      if (note === before.notes[id]) continue;
      const doc = this.docOf.get(id);
      const old = doc === undefined ? undefined : this.notes[doc];
      if (
        old &&
        old.title === note.title &&
        old.body === note.body &&
        old.tags.join('\n') === note.tags.join('\n')
      ) {
        // Pin, topic, trash or dates changed: same terms, new column values.
        this.notes[doc!] = note;
        this.columns.set(doc!, note, this.topicNumber(note.topicId));
        continue;
      }
      this.kill(id);
      this.add(note);
    }
    if (!changedIds) for (const id in before.notes) if (!(id in after.notes)) this.kill(id);
    if (this.ready && this.dead > this.compactAfterDead && this.dead > this.docOf.size) this.compact();
  }

  /** Renumbers live documents densely and drops dead ones from every posting list. */
  private compact(): void {
    const renumber = new Int32Array(this.notes.length).fill(-1);
    const notes: Note[] = [];
    const live: number[] = [];
    this.notes.forEach((n, doc) => {
      if (n) {
        renumber[doc] = notes.length;
        notes.push(n);
        live.push(doc);
      }
    });
    const postings = new ByteRanges();
    for (const p of this.postings.values()) {
      const kept: number[] = [];
      const each = (doc: number) => {
        const to = renumber[doc]!;
        if (to >= 0) kept.push(to);
      };
      const sealed = this.sealed.get(p.id);
      if (sealed) decodePostings(sealed).forEach(each);
      p.tail.forEach(each);
      // Terms stay even when empty: term ids are referenced from sequences.
      postings.set(p.id, encodePostings(kept, this.scratch, -1, true));
      p.tail = NO_DOCS;
      p.last = -1;
    }
    this.notes = notes;
    this.sequences = this.sequences.keep(live);
    this.sealed = postings;
    this.docOf = new Map(notes.map((n, i) => [n.id, i]));
    notes.forEach((n, doc) => this.columns.set(doc, n, this.topicNumber(n.topicId)));
    this.dead = 0;
  }

  /** Size of doc sets (doc numbers run from 0 to this). */
  get capacity(): number {
    return this.notes.length;
  }

  /** The live note behind a doc number. */
  noteAt(doc: number): Note | undefined {
    return this.notes[doc];
  }

  docNumber(id: string): number | undefined {
    return this.docOf.get(id);
  }

  private mark(set: DocSet, p: Posting): void {
    const r = this.sealed;
    const chunk = r.chunkOf[p.id]!;
    if (chunk >= 0) {
      // encodePostings, decoded inline from the store's chunk: this loop is most of a query's time.
      const sealed = r.chunks[chunk]!;
      let doc = -1;
      let v = 0;
      let shift = 0;
      for (let j = r.startOf[p.id]!, end = r.endOf[p.id]!; j < end; j++) {
        const b = sealed[j]!;
        if (b < 0x80 && shift === 0) {
          doc += b;
          set[doc] = 1;
          continue;
        }
        v |= (b & 0x7f) << shift;
        if (b & 0x80) shift += 7;
        else {
          doc += v;
          set[doc] = 1;
          v = 0;
          shift = 0;
        }
      }
    }
    for (const doc of p.tail) set[doc] = 1;
  }

  /** Documents having a term that starts with `prefix` (a folded word, or a namespaced key). */
  prefixSet(prefix: string): DocSet {
    const set = new Uint8Array(this.notes.length);
    for (let i = lowerBound(this.vocabulary, prefix); i < this.vocabulary.length; i++) {
      const term = this.vocabulary[i]!;
      if (!term.startsWith(prefix)) break;
      this.mark(set, this.postings.get(term)!);
    }
    return set;
  }

  /** Documents having exactly this term. */
  termSet(term: string): DocSet {
    const set = new Uint8Array(this.notes.length);
    const p = this.postings.get(term);
    if (p) this.mark(set, p);
    return set;
  }

  /** Counts, per term in a namespace, the documents of `set` having it (facets). */
  countTerms(namespace: string, set: DocSet): Map<string, number> {
    const counts = new Map<string, number>();
    for (let i = lowerBound(this.vocabulary, namespace); i < this.vocabulary.length; i++) {
      const term = this.vocabulary[i]!;
      if (!term.startsWith(namespace)) break;
      const p = this.postings.get(term)!;
      let n = 0;
      const r = this.sealed;
      const chunk = r.chunkOf[p.id]!;
      if (chunk >= 0) {
        const sealed = r.chunks[chunk]!;
        let doc = -1;
        let v = 0;
        let shift = 0;
        for (let j = r.startOf[p.id]!, end = r.endOf[p.id]!; j < end; j++) {
          const b = sealed[j]!;
          v |= (b & 0x7f) << shift;
          if (b & 0x80) shift += 7;
          else {
            doc += v;
            n += set[doc]!;
            v = 0;
            shift = 0;
          }
        }
      }
      for (const doc of p.tail) n += set[doc]!;
      if (n > 0) counts.set(term.slice(namespace.length), n);
    }
    return counts;
  }

  /**
   * Documents of `candidates` whose words contain `words` in a row (the last one as a prefix, since it
   * may still be being typed). Narrows a set in place.
   */
  keepPhrase(candidates: DocSet, words: readonly string[]): void {
    if (words.length < 2) return;
    const exact: number[] = [];
    for (const w of words.slice(0, -1)) {
      const p = this.postings.get(w);
      if (!p) {
        candidates.fill(0);
        return;
      }
      exact.push(p.id);
    }
    // Term ids the last word may be: every term it is a prefix of.
    const last = new Uint8Array(this.termCount);
    const lastWord = words.at(-1)!;
    for (
      let i = lowerBound(this.vocabulary, lastWord);
      i < this.vocabulary.length && this.vocabulary[i]!.startsWith(lastWord);
      i++
    ) {
      last[this.postings.get(this.vocabulary[i]!)!.id] = 1;
    }
    const k = exact.length;
    const firstBytes = encodeSequence([exact[0]!], this.scratch);
    for (let doc = 0; doc < candidates.length; doc++) {
      if (candidates[doc] && !hasSequence(this.sequences.get(doc), firstBytes, exact, last, k))
        candidates[doc] = 0;
    }
  }

  /** Index size, for benchmarks and diagnostics. */
  memory(): { terms: number; postings: number; docs: number; dead: number } {
    let postings = 0;
    for (const p of this.postings.values()) {
      const sealed = this.sealed.get(p.id);
      if (sealed) for (let i = 0; i < sealed.length; i++) if (sealed[i]! < 0x80) postings++;
      postings += p.tail.length;
    }
    return { terms: this.postings.size, postings, docs: this.docOf.size, dead: this.dead };
  }
}

/**
 * Whether a varint sequence holds `exact` in a row followed by a term marked in `last`. Works on the bytes:
 * native indexOf finds where the first term's bytes start (at a varint boundary: the byte before is a
 * final byte), and only the few ids after a hit are decoded, so a doc is never decoded whole.
 */
function hasSequence(
  seq: Uint8Array | undefined,
  firstBytes: Uint8Array,
  exact: readonly number[],
  last: Uint8Array,
  k: number,
): boolean {
  if (!seq) return false;
  const b0 = firstBytes[0]!;
  const width = firstBytes.length;
  for (let i = seq.indexOf(b0); i >= 0; i = seq.indexOf(b0, i + 1)) {
    if (i > 0 && seq[i - 1]! >= 0x80) continue; // inside another term's varint
    let same = true;
    for (let j = 1; j < width; j++)
      if (seq[i + j] !== firstBytes[j]) {
        same = false;
        break;
      }
    if (!same) continue;
    let at = i + width;
    let j = 1;
    for (; j <= k; j++) {
      let id = 0;
      let shift = 0;
      let b = 0x80;
      while (b & 0x80) {
        if (at >= seq.length || shift > 28) return false;
        b = seq[at++]!;
        id |= (b & 0x7f) << shift;
        shift += 7;
      }
      id >>>= 0;
      if (j < k) {
        if (id !== exact[j]) break;
      } else if (last[id]) return true;
    }
  }
  return false;
}
