import type { Note, StoreData } from '../core/model.js';

/**
 * Memory lever for large stores: the bodies of the notes read at open are kept as UTF-8 in a few large
 * buffers instead of as JS strings. V8 stores a string with any character beyond Latin-1 (and every string
 * JSON.parse cuts from such a source) as UTF-16, two bytes per character; the corpus's bodies are mostly
 * ASCII with a few such words, so UTF-8 is about half the size. A packed note keeps the public `Note` shape:
 * `body` is an own enumerable getter (JSON.stringify, spread, structured clone and zod all read it), and a
 * note the core changes is a new plain object as before. Ids share the map key's string and tags/topic ids
 * are interned, since JSON.parse gives each occurrence its own copy.
 */

const ARENA = Symbol('dossier.bodyArena');
const START = Symbol('dossier.bodyStart');
const END = Symbol('dossier.bodyEnd');
const LENGTH = Symbol('dossier.bodyLength');

type Packed = Note & { [ARENA]: Buffer; [START]: number; [END]: number; [LENGTH]: number };

/** Bodies shorter than this stay strings: the getter and hidden fields would cost more than they save. */
const MIN_PACKED_CHARS = 64;
const CHUNK_BYTES = 8 * 1024 * 1024;
/** UTF-8 cannot hold these (a body saved through the API may have one): such a body stays a string. */
const LONE_SURROGATE = /\p{Cs}/u;

function packedBody(this: Packed): string {
  return this[ARENA].toString('utf8', this[START], this[END]);
}

/** The body's length in UTF-16 units without decoding a packed body (index fingerprints read it at open). */
export function bodyLength(note: Note): number {
  return (note as Partial<Packed>)[LENGTH] ?? note.body.length;
}

/** Arena of UTF-8 bodies, filled chunk by chunk so no second copy of all bodies exists at any moment. */
class BodyArena {
  private chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;
  bytes = 0;

  put(body: string): { buffer: Buffer; start: number; end: number } {
    const need = Buffer.byteLength(body, 'utf8');
    if (this.used + need > this.chunk.length) {
      this.chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, need));
      this.used = 0;
    }
    const start = this.used;
    this.chunk.write(body, start, 'utf8');
    this.used += need;
    this.bytes += need;
    return { buffer: this.chunk, start, end: start + need };
  }
}

const hidden = (value: unknown): PropertyDescriptor => ({ value, enumerable: false });

/**
 * Replaces the notes of `data` (in place: the map comes fresh from load + replay) by packed notes with the
 * same fields and values. Returns the UTF-8 bytes now held outside the JS heap.
 */
export function packNotes(data: StoreData): number {
  const arena = new BodyArena();
  const strings = new Map<string, string>();
  const intern = (s: string): string => {
    const known = strings.get(s);
    if (known !== undefined) return known;
    strings.set(s, s);
    return s;
  };
  const notes = data.notes;
  for (const id in notes) {
    const n = notes[id]! as Note & Record<string, unknown>;
    // Every field in the note's own order (JSON output stays byte-identical), whatever fields a note has.
    const p: Record<string, unknown> = {};
    for (const key of Object.keys(n)) {
      const value = n[key];
      if (
        key === 'body' &&
        typeof value === 'string' &&
        value.length >= MIN_PACKED_CHARS &&
        !LONE_SURROGATE.test(value)
      ) {
        const at = arena.put(value);
        Object.defineProperty(p, 'body', { get: packedBody, enumerable: true, configurable: true });
        Object.defineProperties(p, {
          [ARENA]: hidden(at.buffer),
          [START]: hidden(at.start),
          [END]: hidden(at.end),
          [LENGTH]: hidden(value.length),
        });
      } else if (key === 'id') p.id = value === id ? id : value;
      else if (key === 'tags' && Array.isArray(value)) p.tags = (value as string[]).map(intern);
      else if (key === 'topicId' && typeof value === 'string') p.topicId = intern(value);
      else p[key] = value;
    }
    notes[id] = p as Note;
  }
  return arena.bytes;
}
