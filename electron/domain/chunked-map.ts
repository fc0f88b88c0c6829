/**
 * A persistent (immutable, structure-sharing) string-keyed map that iterates exactly as a plain object
 * does: keys that are array indices first in ascending numeric order, then every other key in the order
 * it was first added (replacing keeps the place, deleting and adding again moves it to the end). Chosen
 * for the notes of a store (issue 21) over immutable's HAMT because the file the store writes must stay
 * byte-identical, which needs the plain object's order, and because two states of one lineage can be
 * diffed by comparing chunks (bench suite `notesmap` has the measurements).
 *
 * Layout: entries sit in insertion order in chunks of CHUNK slots (a deleted entry leaves a hole); a key
 * finds its slot through one of 2^k hash buckets (a small Map of key → sequence number). Changing the value
 * of a key copies one chunk's value array and the chunk list; adding or deleting a key also copies one
 * bucket and the bucket list. Nothing is ever mutated after a map is handed out.
 */

const SHIFT = 8;
/** Slots per chunk. */
const CHUNK = 1 << SHIFT;
const SLOT = CHUNK - 1;
/** Average keys per bucket before the buckets double. */
const LOAD = 32;
const MIN_BUCKETS = 16;

type Chunk<V> = {
  readonly keys: readonly (string | undefined)[];
  readonly values: readonly (V | undefined)[];
};

/** Array-index keys (as V8 orders them first in a plain object): "0".."4294967294", no leading zero. */
export function isIndexKey(key: string): boolean {
  const n = key.length;
  if (n === 0 || n > 10) return false;
  const c0 = key.charCodeAt(0);
  if (c0 < 48 || c0 > 57 || (c0 === 48 && n > 1)) return false;
  for (let i = 1; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return n < 10 || Number(key) <= 4294967294;
}

/** FNV-1a over UTF-16 units: cheap, and spreads short ids well. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const EMPTY_BUCKETS: readonly ReadonlyMap<string, number>[] = Array.from(
  { length: MIN_BUCKETS },
  () => new Map<string, number>(),
);

/** The persistent map; make one with ChunkedMap.empty() or ChunkedMap.from(), change it with set/delete/edit. */
export class ChunkedMap<V> implements Iterable<[string, V]> {
  private constructor(
    /** live entries */
    readonly size: number,
    /** array-index keys, ascending, and their values (rare: kept as two small arrays, copied on change) */
    private readonly indexKeys: readonly string[],
    private readonly indexValues: readonly V[],
    private readonly chunks: readonly Chunk<V>[],
    private readonly buckets: readonly ReadonlyMap<string, number>[],
    /** the sequence number the next new key gets */
    private readonly nextSeq: number,
  ) {}

  private static readonly EMPTY = new ChunkedMap<never>(0, [], [], [], EMPTY_BUCKETS, 0);

  /** The empty map. */
  static empty<V>(): ChunkedMap<V> {
    return ChunkedMap.EMPTY as ChunkedMap<V>;
  }

  /** A map with the entries of a plain record, in its iteration order (own enumerable keys). */
  static fromRecord<V>(record: Readonly<Record<string, V>>): ChunkedMap<V> {
    const e = ChunkedMap.empty<V>().edit();
    for (const key of Object.keys(record)) e.set(key, record[key]!);
    return e.done();
  }

  /** A map with `entries` added in order (a later duplicate replaces the value, keeping the place). */
  static from<V>(entries: Iterable<readonly [string, V]>): ChunkedMap<V> {
    const e = ChunkedMap.empty<V>().edit();
    for (const [key, value] of entries) e.set(key, value);
    return e.done();
  }

  /** Whether `value` is a ChunkedMap (for code that meets either this or a plain record). */
  static is(value: unknown): value is ChunkedMap<unknown> {
    return value instanceof ChunkedMap;
  }

  get(key: string): V | undefined {
    if (isIndexKey(key)) {
      const i = indexOf(this.indexKeys, key);
      return i < 0 ? undefined : this.indexValues[i];
    }
    const seq = this.buckets[hash(key) & (this.buckets.length - 1)]!.get(key);
    return seq === undefined ? undefined : this.chunks[seq >>> SHIFT]!.values[seq & SLOT];
  }

  has(key: string): boolean {
    if (isIndexKey(key)) return indexOf(this.indexKeys, key) >= 0;
    return this.buckets[hash(key) & (this.buckets.length - 1)]!.has(key);
  }

  /** A map with `key` set to `value` (this one if it already holds that very value). */
  set(key: string, value: V): ChunkedMap<V> {
    if (this.get(key) === value && value !== undefined) return this;
    return this.edit().set(key, value).done();
  }

  /** A map without `key` (this one if it has no such key). */
  delete(key: string): ChunkedMap<V> {
    if (!this.has(key)) return this;
    return this.edit().delete(key).done();
  }

  /** A batch of changes that copies each chunk and bucket at most once; `done()` gives the new map. */
  edit(): MapEditor<V> {
    return new MapEditor(
      this.size,
      this.indexKeys,
      this.indexValues,
      this.chunks,
      this.buckets,
      this.nextSeq,
    );
  }

  /** Calls `fn` for every entry in iteration order (the fastest way through all of them). */
  forEach(fn: (value: V, key: string) => void): void {
    const ik = this.indexKeys;
    const iv = this.indexValues;
    for (let i = 0; i < ik.length; i++) fn(iv[i]!, ik[i]!);
    for (const chunk of this.chunks) {
      const { keys, values } = chunk;
      for (let j = 0; j < keys.length; j++) {
        const k = keys[j];
        if (k !== undefined) fn(values[j]!, k);
      }
    }
  }

  *entries(): IterableIterator<[string, V]> {
    for (let i = 0; i < this.indexKeys.length; i++) yield [this.indexKeys[i]!, this.indexValues[i]!];
    for (const { keys, values } of this.chunks) {
      for (let j = 0; j < keys.length; j++) {
        const k = keys[j];
        if (k !== undefined) yield [k, values[j]!];
      }
    }
  }

  *keys(): IterableIterator<string> {
    yield* this.indexKeys;
    for (const { keys } of this.chunks) for (const k of keys) if (k !== undefined) yield k;
  }

  *values(): IterableIterator<V> {
    yield* this.indexValues;
    for (const { keys, values } of this.chunks)
      for (let j = 0; j < keys.length; j++) if (keys[j] !== undefined) yield values[j]!;
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** Every value, in iteration order, as an array. */
  toArray(): V[] {
    const out: V[] = [];
    this.forEach((v) => out.push(v));
    return out;
  }

  /** The plain record with the same entries (JSON.stringify of a map gives the record's JSON). */
  toRecord(): Record<string, V> {
    const out: Record<string, V> = {};
    this.forEach((v, k) => {
      // defineProperty: a key named __proto__ must stay an own key, as JSON.parse makes it
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    });
    return out;
  }

  toJSON(): Record<string, V> {
    return this.toRecord();
  }

  /**
   * Keys whose value differs between `prev` and this map (added, changed or removed), by reference. Chunks
   * the two share are skipped, so two states of one lineage cost their changed chunks, not their size.
   * Stops early and returns null once more than `limit` keys differ.
   */
  changedSince(prev: ChunkedMap<V>, limit = Infinity): string[] | null {
    const out: string[] = [];
    if (prev === this) return out;
    const push = (k: string) => out.push(k) > limit;
    if (prev.indexKeys !== this.indexKeys || prev.indexValues !== this.indexValues) {
      for (let i = 0; i < this.indexKeys.length; i++) {
        const k = this.indexKeys[i]!;
        if (prev.get(k) !== this.indexValues[i] && push(k)) return null;
      }
      for (const k of prev.indexKeys) if (!this.has(k) && push(k)) return null;
    }
    const n = Math.max(prev.chunks.length, this.chunks.length);
    for (let c = 0; c < n; c++) {
      const a = prev.chunks[c];
      const b = this.chunks[c];
      if (a === b || (a && b && a.values === b.values && a.keys === b.keys)) continue;
      if (b) {
        for (let j = 0; j < b.keys.length; j++) {
          const k = b.keys[j];
          if (k === undefined) continue;
          // Same slot, same key: compare there; else the key may sit elsewhere in prev (another lineage).
          const was = a && a.keys[j] === k ? a.values[j] : prev.get(k);
          if ((was !== b.values[j] || (was === undefined && !prev.has(k))) && push(k)) return null;
        }
      }
      if (a) {
        for (let j = 0; j < a.keys.length; j++) {
          const k = a.keys[j];
          if (k === undefined || (b && b.keys[j] === k)) continue;
          if (!this.has(k) && push(k)) return null;
        }
      }
    }
    return out;
  }
}

function indexOf(keys: readonly string[], key: string): number {
  // Array-index keys are rare in a store (ids are random letters and digits): a linear scan will do.
  for (let i = 0; i < keys.length; i++) if (keys[i] === key) return i;
  return -1;
}

/**
 * A transient editor of a ChunkedMap: changes apply in place to copies it made itself (each chunk and bucket
 * copied at most once per editor), so a batch of n changes costs n small writes. The original map is never
 * touched; after done() the editor must not be used.
 */
export class MapEditor<V> {
  private ownChunks: Chunk<V>[] | null = null;
  private readonly ownedChunk = new Set<number>();
  private readonly ownedKeys = new Set<number>();
  private ownBuckets: Map<string, number>[] | null = null;
  private readonly ownedBucket = new Set<number>();
  private indexCopied = false;
  private finished = false;

  constructor(
    private size: number,
    private indexKeys: readonly string[],
    private indexValues: readonly V[],
    private chunks: readonly Chunk<V>[],
    private buckets: readonly ReadonlyMap<string, number>[],
    private nextSeq: number,
  ) {}

  get(key: string): V | undefined {
    if (isIndexKey(key)) {
      const i = indexOf(this.indexKeys, key);
      return i < 0 ? undefined : this.indexValues[i];
    }
    const seq = this.buckets[hash(key) & (this.buckets.length - 1)]!.get(key);
    return seq === undefined ? undefined : this.chunks[seq >>> SHIFT]!.values[seq & SLOT];
  }

  has(key: string): boolean {
    if (isIndexKey(key)) return indexOf(this.indexKeys, key) >= 0;
    return this.buckets[hash(key) & (this.buckets.length - 1)]!.has(key);
  }

  set(key: string, value: V): this {
    this.check();
    if (isIndexKey(key)) {
      this.copyIndex();
      const keys = this.indexKeys as string[];
      const values = this.indexValues as V[];
      const i = indexOf(keys, key);
      if (i >= 0) values[i] = value;
      else {
        const n = Number(key);
        let at = 0;
        while (at < keys.length && Number(keys[at]) < n) at++;
        keys.splice(at, 0, key);
        values.splice(at, 0, value);
        this.size++;
      }
      return this;
    }
    const b = hash(key) & (this.buckets.length - 1);
    const seq = this.buckets[b]!.get(key);
    if (seq !== undefined) {
      const chunk = this.chunk(seq >>> SHIFT);
      (chunk.values as (V | undefined)[])[seq & SLOT] = value;
      return this;
    }
    const at = this.nextSeq++;
    const c = at >>> SHIFT;
    if (c === this.chunks.length) {
      this.chunkList().push({ keys: [], values: [] });
      this.ownedChunk.add(c);
      this.ownedKeys.add(c);
    }
    const chunk = this.chunk(c, true);
    (chunk.keys as (string | undefined)[])[at & SLOT] = key;
    (chunk.values as (V | undefined)[])[at & SLOT] = value;
    this.bucket(b).set(key, at);
    this.size++;
    if (this.size > this.buckets.length * LOAD) this.rehash(this.buckets.length * 2);
    return this;
  }

  delete(key: string): this {
    this.check();
    if (isIndexKey(key)) {
      const i = indexOf(this.indexKeys, key);
      if (i < 0) return this;
      this.copyIndex();
      (this.indexKeys as string[]).splice(i, 1);
      (this.indexValues as V[]).splice(i, 1);
      this.size--;
      return this;
    }
    const b = hash(key) & (this.buckets.length - 1);
    const seq = this.buckets[b]!.get(key);
    if (seq === undefined) return this;
    const chunk = this.chunk(seq >>> SHIFT, true);
    (chunk.keys as (string | undefined)[])[seq & SLOT] = undefined;
    (chunk.values as (V | undefined)[])[seq & SLOT] = undefined;
    this.bucket(b).delete(key);
    this.size--;
    return this;
  }

  /** The new map. */
  done(): ChunkedMap<V> {
    this.check();
    this.finished = true;
    // Holes from deletions: once they outnumber the entries, lay the entries out afresh (O(n), rare).
    if (this.nextSeq - this.size + this.indexKeys.length > Math.max(CHUNK, this.size)) this.compact();
    const make = ChunkedMap as unknown as new (...args: unknown[]) => ChunkedMap<V>;
    return new make(this.size, this.indexKeys, this.indexValues, this.chunks, this.buckets, this.nextSeq);
  }

  private check(): void {
    if (this.finished) throw new Error('This map editor is done; edit the map it made instead.');
  }

  private copyIndex(): void {
    if (this.indexCopied) return;
    this.indexKeys = [...this.indexKeys];
    this.indexValues = [...this.indexValues];
    this.indexCopied = true;
  }

  private chunkList(): Chunk<V>[] {
    if (!this.ownChunks) {
      this.ownChunks = [...this.chunks];
      this.chunks = this.ownChunks;
    }
    return this.ownChunks;
  }

  /** Chunk `c` with its own value array (and key array with `keys`), copied once per editor. */
  private chunk(c: number, keys = false): Chunk<V> {
    const list = this.chunkList();
    if (!this.ownedChunk.has(c)) {
      const old = list[c]!;
      // A value replaced in place keeps the chunk's keys: most saves copy one value array only.
      list[c] = { keys: old.keys, values: old.values.slice() };
      this.ownedChunk.add(c);
    }
    if (keys && !this.ownedKeys.has(c)) {
      const old = list[c]!;
      list[c] = { keys: old.keys.slice(), values: old.values };
      this.ownedKeys.add(c);
    }
    return list[c]!;
  }

  private bucket(b: number): Map<string, number> {
    if (!this.ownBuckets) {
      this.ownBuckets = [...this.buckets] as Map<string, number>[];
      this.buckets = this.ownBuckets;
    }
    if (!this.ownedBucket.has(b)) {
      this.ownBuckets[b] = new Map(this.ownBuckets[b]);
      this.ownedBucket.add(b);
    }
    return this.ownBuckets[b]!;
  }

  private rehash(count: number): void {
    const buckets = Array.from({ length: count }, () => new Map<string, number>());
    this.chunks.forEach(({ keys }, c) => {
      for (let j = 0; j < keys.length; j++) {
        const k = keys[j];
        if (k !== undefined) buckets[hash(k) & (count - 1)]!.set(k, (c << SHIFT) | j);
      }
    });
    this.ownBuckets = buckets;
    this.buckets = buckets;
    for (let b = 0; b < count; b++) this.ownedBucket.add(b);
  }

  private compact(): void {
    const chunks: Chunk<V>[] = [];
    let seq = 0;
    for (const { keys, values } of this.chunks) {
      for (let j = 0; j < keys.length; j++) {
        const k = keys[j];
        if (k === undefined) continue;
        if ((seq & SLOT) === 0) chunks.push({ keys: [], values: [] });
        const last = chunks[chunks.length - 1]!;
        (last.keys as string[]).push(k);
        (last.values as V[]).push(values[j]!);
        seq++;
      }
    }
    this.chunks = chunks;
    this.ownChunks = chunks;
    for (let c = 0; c < chunks.length; c++) {
      this.ownedChunk.add(c);
      this.ownedKeys.add(c);
    }
    this.nextSeq = seq;
    let count = MIN_BUCKETS;
    while (seq > count * LOAD) count *= 2;
    this.rehash(count);
  }
}
