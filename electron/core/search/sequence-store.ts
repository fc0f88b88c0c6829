/**
 * Every document's phrase sequence (its words as varint term ids, see encodeSequence in text-index.ts) in
 * a few large byte chunks, with each doc's chunk and byte range in typed arrays. One Uint8Array per doc
 * cost ≈100 bytes of JS heap beside its ≈300 bytes of data (≈5 MB at 50k notes), and a sequence built
 * from a note its own ArrayBuffer and malloc block besides.
 *
 * Sequences read from the index cache stay where they are (views into the cache's one buffer) and are
 * adopted, not copied. A cleared doc's bytes stay in its chunk until the index renumbers (compact),
 * which copies the live ones into a new store.
 */
export class SequenceStore {
  private readonly chunks: Uint8Array[] = [];
  /** chunk number per adopted buffer, so each is listed once */
  private readonly adopted = new Map<ArrayBufferLike, number>();
  /** the chunk `put` appends to, and how far it is filled */
  private open = -1;
  private used = 0;
  private count = 0;
  /** per doc: chunk number (-1: none), byte range in it */
  private chunkOf = new Int32Array(1024);
  private startOf = new Int32Array(1024);
  private endOf = new Int32Array(1024);

  constructor(private readonly chunkBytes = CHUNK_BYTES) {}

  /** Number of docs (doc numbers run from 0 to this). */
  get length(): number {
    return this.count;
  }

  /** Appends a doc whose sequence is a view into a buffer that lives on anyway (the index cache). */
  adopt(seq: Uint8Array | undefined): void {
    const doc = this.next();
    if (!seq || seq.length === 0) return;
    let chunk = this.adopted.get(seq.buffer);
    if (chunk === undefined) {
      chunk = this.chunks.push(new Uint8Array(seq.buffer)) - 1;
      this.adopted.set(seq.buffer, chunk);
    }
    this.chunkOf[doc] = chunk;
    this.startOf[doc] = seq.byteOffset;
    this.endOf[doc] = seq.byteOffset + seq.length;
  }

  /** Appends a doc, copying its sequence's bytes into the store. */
  put(seq: Uint8Array | undefined): void {
    const doc = this.next();
    if (!seq || seq.length === 0) return;
    if (this.open < 0 || this.used + seq.length > this.chunks[this.open]!.length) {
      this.open = this.chunks.push(new Uint8Array(Math.max(this.chunkBytes, seq.length))) - 1;
      this.used = 0;
    }
    this.chunks[this.open]!.set(seq, this.used);
    this.chunkOf[doc] = this.open;
    this.startOf[doc] = this.used;
    this.endOf[doc] = this.used += seq.length;
  }

  /** A view of the doc's sequence, or undefined for a cleared (or empty) doc. */
  get(doc: number): Uint8Array | undefined {
    const chunk = doc < this.count ? this.chunkOf[doc]! : -1;
    return chunk < 0 ? undefined : this.chunks[chunk]!.subarray(this.startOf[doc], this.endOf[doc]);
  }

  /** Forgets a doc's sequence (the doc number stays taken). */
  clear(doc: number): void {
    if (doc < this.count) this.chunkOf[doc] = -1;
  }

  /** A new store with the sequences of `docs`, in that order, numbered from 0 (copies; old chunks go). */
  keep(docs: Iterable<number>): SequenceStore {
    const out = new SequenceStore(this.chunkBytes);
    for (const doc of docs) out.put(this.get(doc));
    return out;
  }

  private next(): number {
    const doc = this.count++;
    if (doc >= this.chunkOf.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.chunkOf = grow(this.chunkOf);
      this.startOf = grow(this.startOf);
      this.endOf = grow(this.endOf);
    }
    this.chunkOf[doc] = -1;
    return doc;
  }
}

/** Chunk size: a note's sequence is a few hundred bytes; 1 MB holds thousands and wastes little. */
const CHUNK_BYTES = 1 << 20;
