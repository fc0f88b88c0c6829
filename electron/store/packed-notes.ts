import type { Note, StoreData } from '../domain/model.js';
import { BODY_LENGTH } from '../domain/note-access.js';

export { bodyLength } from '../domain/note-access.js';

/**
 * Memory lever for large stores: the bodies of the notes read at open are kept as UTF-8 in a few large
 * buffers instead of as JS strings. V8 stores a string with any character beyond Latin-1 (and every string
 * JSON.parse cuts from such a source) as UTF-16, two bytes per character; the corpus's bodies are mostly
 * ASCII with a few such words, so UTF-8 is about half the size. A packed note keeps the public `Note` shape:
 * `body` is an own enumerable getter (JSON.stringify, spread, structured clone and zod all read it), and a
 * note the core changes is a new plain object as before. Ids share the map key's string and tags/topic ids
 * are interned, since JSON.parse gives each occurrence its own copy.
 */

/** A packed note's hidden slot: where its body sits in the arena (see BodyArena). */
const SLOT = Symbol('dossier.bodySlot');

type Packed = Note & { [SLOT]: number };

/** Bodies shorter than this stay strings: the getter and hidden slot would cost more than they save. */
const MIN_PACKED_CHARS = 64;
const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Where every packed body lives: 8 MB chunks filled in order, and per slot its chunk, byte range. Append-only: the bytes of a body the user later edits stay until the app restarts (the
 * edited note is a plain object with a string body).
 */
class BodyArena {
  readonly chunks: Buffer[] = [];
  private used = CHUNK_BYTES;
  private slots = 0;
  chunkOf = new Int32Array(1024);
  startOf = new Int32Array(1024);
  endOf = new Int32Array(1024);
  bytes = 0;

  /** Stores a body, returns its slot. */
  put(body: string): number {
    // UTF-8 needs at most 3 bytes per UTF-16 unit; measuring exactly would cost a second pass.
    const worst = body.length * 3;
    if (this.used + worst > CHUNK_BYTES || this.chunks.length === 0) {
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, worst)));
      this.used = 0;
    }
    const chunk = this.chunks.length - 1;
    const start = this.used;
    const written = this.chunks[chunk]!.write(body, start, 'utf8');
    this.used += written;
    this.bytes += written;
    const slot = this.slots++;
    if (slot >= this.chunkOf.length) this.grow();
    this.chunkOf[slot] = chunk;
    this.startOf[slot] = start;
    this.endOf[slot] = start + written;
    return slot;
  }

  read(slot: number): string {
    return this.chunks[this.chunkOf[slot]!]!.toString('utf8', this.startOf[slot], this.endOf[slot]);
  }

  private grow(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.chunkOf = grow(this.chunkOf);
    this.startOf = grow(this.startOf);
    this.endOf = grow(this.endOf);
  }
}

/** Each open's arena has its own getter; a packed note reaches (and keeps alive) its arena through it. */
const arenaOfGetter = new WeakMap<object, BodyArena>();

function getterFor(arena: BodyArena): () => string {
  const get = function (this: Packed): string {
    return arena.read(this[SLOT]);
  };
  arenaOfGetter.set(get, arena);
  return get;
}

const isWellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Packs notes one at a time, so the loader can pack each note as it is read and its UTF-16 body becomes
 * garbage at once (no moment with every body as a string). One packer per open: its arena and interned
 * strings are shared by every note it packs.
 */
export class NotePacker {
  private readonly arena = new BodyArena();
  private readonly packedBody = getterFor(this.arena);
  private readonly strings = new Map<string, string>();

  /** UTF-8 bytes held outside the JS heap so far. */
  get bytes(): number {
    return this.arena.bytes;
  }

  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  /**
   * The packed form of a note stored under `id` (the map key's string is shared), or the note itself when
   * packing would not pay (short or ill-formed body, unknown fields) or it is packed already.
   */
  pack(n: Note, id: string): Note {
    if (isPacked(n)) return n; // before reading its body, which would decode it
    const body = n.body;
    if (body.length < MIN_PACKED_CHARS || !isWellFormed(body) || !hasNoteKeys(n)) return n;
    // The fields in a plain note's order, so JSON output stays byte-identical.
    const p = {
      id: n.id === id ? id : n.id,
      topicId: n.topicId === null ? null : this.intern(n.topicId),
      title: n.title,
    };
    Object.defineProperty(p, 'body', { get: this.packedBody, enumerable: true, configurable: true });
    Object.defineProperty(p, SLOT, { value: this.arena.put(body) });
    Object.defineProperty(p, BODY_LENGTH, { value: body.length });
    const q = p as Note;
    q.tags = n.tags.map((t) => this.intern(t));
    q.pinned = n.pinned;
    q.createdAt = n.createdAt;
    q.updatedAt = n.updatedAt;
    if (n.deletedAt !== undefined) q.deletedAt = n.deletedAt;
    return q;
  }
}

/** A note packed by some packer (a spread copy is not: the slot is not enumerable). */
function isPacked(note: Note): boolean {
  return Object.prototype.hasOwnProperty.call(note, SLOT);
}

/**
 * Replaces the notes of `data` (in place: the map comes fresh from load + replay) by packed notes with the
 * same fields and values; notes packed already (by the loader) stay as they are. Returns the UTF-8 bytes
 * this call moved outside the JS heap.
 */
export function packNotes(data: StoreData, packer = new NotePacker()): number {
  const before = packer.bytes;
  const notes = data.notes;
  for (const id in notes) notes[id] = packer.pack(notes[id]!, id);
  return packer.bytes - before;
}

const NOTE_KEYS = ['id', 'topicId', 'title', 'body', 'tags', 'pinned', 'createdAt', 'updatedAt'];

/** Only notes of exactly the known shape are packed; anything else (a future field) stays as it is. */
function hasNoteKeys(n: Note): boolean {
  const keys = Object.keys(n);
  const expected = n.deletedAt === undefined ? 8 : 9;
  if (keys.length !== expected) return false;
  for (let i = 0; i < 8; i++) if (keys[i] !== NOTE_KEYS[i]) return false;
  return expected === 8 || keys[8] === 'deletedAt';
}
