/**
 * Many small byte strings (the index's varint posting lists and phrase sequences) in a few large chunks,
 * with each entry's chunk and byte range in typed arrays. One Uint8Array per entry cost ≈100 bytes of JS
 * heap beside its data (≈5 MB for 50k docs' sequences), and one built by encoding its own ArrayBuffer and
 * malloc block besides.
 *
 * Entries read from the index cache stay where they are (views into the cache's one buffer) and are
 * adopted, not copied. Bytes an entry no longer uses (replaced or cleared) stay in their chunk until the
 * owner makes a new store with `keep` (the index does when it renumbers its docs).
 */
export class ByteRanges {
  /** The chunks; entry i is chunks[chunkOf[i]][startOf[i] .. endOf[i]) (read directly by hot loops). */
  readonly chunks: Uint8Array[] = [];
  /** per entry: chunk number (-1: none), byte range in it */
  chunkOf = new Int32Array(1024);
  startOf = new Int32Array(1024);
  endOf = new Int32Array(1024);
  /** chunk number per adopted buffer, so each is listed once */
  private readonly adopted = new Map<ArrayBufferLike, number>();
  /** the chunk `set` appends to, and how far it is filled */
  private open = -1;
  private used = 0;
  private count = 0;

  constructor(private readonly chunkBytes = CHUNK_BYTES) {
    this.chunkOf.fill(-1);
  }

  /** Entries are numbered from 0 to this (some may be empty). */
  get length(): number {
    return this.count;
  }

  /** Entry `i` becomes a view into a buffer that lives on anyway (the index cache): nothing is copied. */
  adopt(i: number, view: Uint8Array | undefined): void {
    this.reach(i);
    if (!view || view.length === 0) {
      this.chunkOf[i] = -1;
      return;
    }
    let chunk = this.adopted.get(view.buffer);
    if (chunk === undefined) {
      chunk = this.chunks.push(new Uint8Array(view.buffer)) - 1;
      this.adopted.set(view.buffer, chunk);
    }
    this.chunkOf[i] = chunk;
    this.startOf[i] = view.byteOffset;
    this.endOf[i] = view.byteOffset + view.length;
  }

  /** Entry `i` becomes a copy of `bytes` (which may be a scratch buffer the caller reuses). */
  set(i: number, bytes: Uint8Array | undefined): void {
    this.reach(i);
    if (!bytes || bytes.length === 0) {
      this.chunkOf[i] = -1;
      return;
    }
    if (this.open < 0 || this.used + bytes.length > this.chunks[this.open]!.length) {
      this.open = this.chunks.push(new Uint8Array(Math.max(this.chunkBytes, bytes.length))) - 1;
      this.used = 0;
    }
    this.chunks[this.open]!.set(bytes, this.used);
    this.chunkOf[i] = this.open;
    this.startOf[i] = this.used;
    this.endOf[i] = this.used += bytes.length;
  }

  /** A view of entry `i`, or undefined when it is empty. */
  get(i: number): Uint8Array | undefined {
    const chunk = i < this.count ? this.chunkOf[i]! : -1;
    return chunk < 0 ? undefined : this.chunks[chunk]!.subarray(this.startOf[i], this.endOf[i]);
  }

  /** Byte length of entry `i` (0 when empty). */
  size(i: number): number {
    return i < this.count && this.chunkOf[i]! >= 0 ? this.endOf[i]! - this.startOf[i]! : 0;
  }

  /** Empties entry `i` (its number stays taken). */
  clear(i: number): void {
    if (i < this.count) this.chunkOf[i] = -1;
  }

  /** A new store with the entries `indices`, in that order, numbered from 0 (copies; old chunks go). */
  keep(indices: Iterable<number>): ByteRanges {
    const out = new ByteRanges(this.chunkBytes);
    let n = 0;
    for (const i of indices) out.set(n++, this.get(i));
    return out;
  }

  /** Makes room for entry `i`; entries up to it that were never set are empty. */
  private reach(i: number): void {
    if (i >= this.chunkOf.length) {
      let size = this.chunkOf.length * 2;
      while (size <= i) size *= 2;
      const grow = (a: Int32Array, fill: number) => {
        const b = new Int32Array(size).fill(fill);
        b.set(a);
        return b;
      };
      this.chunkOf = grow(this.chunkOf, -1);
      this.startOf = grow(this.startOf, 0);
      this.endOf = grow(this.endOf, 0);
    }
    if (i >= this.count) this.count = i + 1;
  }
}

/** Chunk size: an entry is a few hundred bytes; 1 MB holds thousands and wastes little. */
const CHUNK_BYTES = 1 << 20;
