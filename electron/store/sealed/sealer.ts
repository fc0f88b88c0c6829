import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DossierError } from '../../domain/errors.js';

/**
 * The one read/write layer every file in the data folder goes through (architecture.md, "Growing the
 * house"): with protection off it passes bytes through unchanged, with protection on it seals them with
 * AES-256-GCM under the notebook's data key. Readers never guess: a sealed file starts with MAGIC, a
 * sealed line with LINE_PREFIX, and a plain one in a protected notebook is refused (unless the notebook
 * is being converted, see requireSealed).
 *
 * Whole files (dossier.json, backups, caches, attachments) use segments so that stores of hundreds of MB
 * stream through in constant memory, as the plain loader does: the plaintext is cut into 64 KiB segments,
 * each sealed on its own with nonce = file prefix ‖ segment number and a "last segment" flag in the
 * associated data. A flipped byte, a reordered or dropped segment and a file cut short at any point all
 * fail authentication (the construction is Hoang–Reyhanitabar–Rogaway–Vizár's STREAM, as age and Tink use).
 *
 * Line files (journal, revisions, export log) seal each line on its own, so appending stays an append and a
 * torn last line still reads as "cut short by a crash" rather than as damage.
 */

/** "\x89DSL\r\n\x1a\n" — a binary-looking header (PNG's trick) no JSON or markdown file starts with. */
export const MAGIC = Buffer.from([0x89, 0x44, 0x53, 0x4c, 0x0d, 0x0a, 0x1a, 0x0a]);
const FORMAT_VERSION = 1;
const PREFIX_BYTES = 8;
export const HEADER_BYTES = MAGIC.length + 1 + PREFIX_BYTES;
export const SEGMENT_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const SEALED_SEGMENT_BYTES = SEGMENT_BYTES + TAG_BYTES;
/** Marks a sealed line; JSON lines start with "{", so the two never mix up. */
export const LINE_PREFIX = 'S1:';
const LINE_AAD = Buffer.from('dossier-line-v1');
const KEY_BYTES = 32;

/** Incremental transform of bytes: update() as pieces arrive, final() once at the end. */
export type ByteTransform = {
  update(chunk: Uint8Array): Buffer;
  final(): Buffer;
};

export type Sealer = {
  /** true when files are sealed on write */
  readonly sealing: boolean;
  /** A whole file's bytes as written to disk. */
  sealFile(plain: Uint8Array): Buffer;
  /** A whole file's plaintext; throws DATA_TAMPERED / NOTEBOOK_LOCKED as described on openFileStream. */
  openFile(onDisk: Uint8Array, what: string): Buffer;
  /** Streaming form of sealFile. */
  fileEncoder(): ByteTransform;
  /**
   * Streaming form of openFile. `what` names the file in errors. Sealed bytes with no key → NOTEBOOK_LOCKED;
   * failed authentication or a cut-short file → DATA_TAMPERED; plain bytes when plain is not allowed → DATA_TAMPERED.
   */
  fileDecoder(what: string): ByteTransform;
  /** One line of a line file (no newline in or out). */
  sealLine(plain: string): string;
  /** Throws like openFile; a torn line is DATA_TAMPERED too (the reader decides whether it is the tail). */
  openLine(line: string, what: string): string;
  /**
   * Random access into a whole file (attachments served in pieces): the plaintext bytes [start, end) of a
   * file of `diskBytes` bytes, read with `read(position, length)` and decrypting only the segments that
   * cover them. Shorter than asked at the end of the file. Throws like openFile.
   */
  readRange(read: RangeReader, diskBytes: number, start: number, end: number, what: string): Promise<Buffer>;
};

/** Reads `length` bytes at `position` of a file (fewer only at its end). */
export type RangeReader = (position: number, length: number) => Promise<Buffer>;

const tampered = (what: string, why: string) =>
  new DossierError(
    'DATA_TAMPERED',
    `${what} failed its integrity check (${why}). It was changed, cut short, or is not from this notebook; nothing was read from it.`,
    { file: what },
  );

const locked = (what: string) =>
  new DossierError('NOTEBOOK_LOCKED', `${what} is encrypted; unlock the notebook first.`, { file: what });

const plainRefused = (what: string) =>
  tampered(what, 'an unencrypted file in a notebook protected with a passphrase');

export const isSealedFile = (head: Uint8Array): boolean =>
  head.length >= MAGIC.length && Buffer.from(head.buffer, head.byteOffset, MAGIC.length).equals(MAGIC);

export const isSealedLine = (line: string): boolean => line.startsWith(LINE_PREFIX);

function segmentIv(prefix: Buffer, index: number): Buffer {
  const iv = Buffer.alloc(12);
  prefix.copy(iv, 0);
  iv.writeUInt32BE(index, PREFIX_BYTES);
  return iv;
}

function segmentAad(header: Buffer, last: boolean): Buffer {
  return Buffer.concat([header, Buffer.from([last ? 1 : 0])]);
}

function sealSegment(
  key: Buffer,
  header: Buffer,
  prefix: Buffer,
  index: number,
  plain: Buffer,
  last: boolean,
): Buffer[] {
  const cipher = createCipheriv('aes-256-gcm', key, segmentIv(prefix, index));
  cipher.setAAD(segmentAad(header, last));
  // The pieces as they are (GCM's final() is empty): the caller joins a whole batch once, so a store
  // write allocates each segment once instead of twice (less external memory, fewer GC pauses).
  const body = cipher.update(plain);
  const rest = cipher.final();
  return rest.length ? [body, rest, cipher.getAuthTag()] : [body, cipher.getAuthTag()];
}

function openSegment(
  key: Buffer,
  header: Buffer,
  prefix: Buffer,
  index: number,
  sealed: Buffer,
  last: boolean,
  what: string,
): Buffer {
  if (sealed.length < TAG_BYTES) throw tampered(what, 'cut short');
  const decipher = createDecipheriv('aes-256-gcm', key, segmentIv(prefix, index));
  decipher.setAAD(segmentAad(header, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    const rest = decipher.final();
    return rest.length ? Buffer.concat([body, rest]) : body;
  } catch {
    throw tampered(what, `segment ${index + 1} does not authenticate`);
  }
}

/** Collects input and hands out fixed-size pieces; the last (possibly short) piece stays for final(). */
class Segmenter {
  private parts: Buffer[] = [];
  private size = 0;
  constructor(private readonly pieceBytes: number) {}
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.size += chunk.length;
  }
  /**
   * Full pieces that are certainly not the last one (more bytes follow them). A piece inside one input chunk
   * is a view of it; only a piece spanning two chunks is copied (a 4 MiB read is not copied to cut it up).
   */
  *takeFull(): Generator<Buffer> {
    while (this.size > this.pieceBytes) {
      const first = this.parts[0]!;
      let piece: Buffer;
      if (first.length >= this.pieceBytes) {
        piece = first.subarray(0, this.pieceBytes);
        if (first.length === this.pieceBytes) this.parts.shift();
        else this.parts[0] = first.subarray(this.pieceBytes);
      } else {
        piece = Buffer.allocUnsafe(this.pieceBytes);
        let filled = 0;
        while (filled < this.pieceBytes) {
          const part = this.parts[0]!;
          const take = Math.min(part.length, this.pieceBytes - filled);
          part.copy(piece, filled, 0, take);
          filled += take;
          if (take === part.length) this.parts.shift();
          else this.parts[0] = part.subarray(take);
        }
      }
      this.size -= this.pieceBytes;
      yield piece;
    }
  }
  rest(): Buffer {
    const all = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    return all;
  }
  get length(): number {
    return this.size;
  }
}

class SegmentEncoder implements ByteTransform {
  private readonly prefix = randomBytes(PREFIX_BYTES);
  private readonly header = Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION]), this.prefix]);
  private readonly input = new Segmenter(SEGMENT_BYTES);
  private index = 0;
  private started = false;
  constructor(private readonly key: Buffer) {}

  update(chunk: Uint8Array): Buffer {
    this.input.push(chunk);
    const out: Buffer[] = [];
    if (!this.started) {
      out.push(this.header);
      this.started = true;
    }
    for (const piece of this.input.takeFull())
      out.push(...sealSegment(this.key, this.header, this.prefix, this.index++, piece, false));
    return Buffer.concat(out);
  }

  final(): Buffer {
    const head = this.started ? Buffer.alloc(0) : this.header;
    this.started = true;
    return Buffer.concat([
      head,
      ...sealSegment(this.key, this.header, this.prefix, this.index++, this.input.rest(), true),
    ]);
  }
}

class SegmentDecoder implements ByteTransform {
  private header: Buffer | null = null;
  private prefix: Buffer | null = null;
  private readonly input = new Segmenter(SEALED_SEGMENT_BYTES);
  private index = 0;
  constructor(
    private readonly key: Buffer,
    private readonly what: string,
  ) {}

  private readHeader(): boolean {
    if (this.header) return true;
    if (this.input.length < HEADER_BYTES) return false;
    const all = this.input.rest();
    const header = all.subarray(0, HEADER_BYTES);
    if (!isSealedFile(header)) throw tampered(this.what, 'not an encrypted Dossier file');
    if (header[MAGIC.length] !== FORMAT_VERSION)
      throw new DossierError(
        'STORE_VERSION',
        `${this.what} is encrypted in a format this Dossier does not know (version ${header[MAGIC.length]}). Update Dossier to open it.`,
        { file: this.what },
      );
    this.header = Buffer.from(header);
    this.prefix = this.header.subarray(MAGIC.length + 1);
    this.input.push(all.subarray(HEADER_BYTES));
    return true;
  }

  update(chunk: Uint8Array): Buffer {
    this.input.push(chunk);
    if (!this.readHeader()) return Buffer.alloc(0);
    const out: Buffer[] = [];
    for (const piece of this.input.takeFull())
      out.push(openSegment(this.key, this.header!, this.prefix!, this.index++, piece, false, this.what));
    return Buffer.concat(out);
  }

  final(): Buffer {
    if (!this.readHeader()) throw tampered(this.what, 'cut short');
    return openSegment(
      this.key,
      this.header!,
      this.prefix!,
      this.index++,
      this.input.rest(),
      true,
      this.what,
    );
  }
}

/** Looks at the first bytes, then hands everything to the decoder for what they are. */
class SniffingDecoder implements ByteTransform {
  private inner: ByteTransform | null = null;
  private head: Buffer[] = [];
  private headBytes = 0;
  constructor(private readonly choose: (sealed: boolean) => ByteTransform) {}

  update(chunk: Uint8Array): Buffer {
    if (this.inner) return this.inner.update(chunk);
    this.head.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.headBytes += chunk.length;
    if (this.headBytes < MAGIC.length) return Buffer.alloc(0);
    const all = Buffer.concat(this.head, this.headBytes);
    this.head = [];
    this.inner = this.choose(isSealedFile(all));
    return this.inner.update(all);
  }

  final(): Buffer {
    if (!this.inner) {
      const all = Buffer.concat(this.head, this.headBytes);
      this.inner = this.choose(false);
      return Buffer.concat([this.inner.update(all), this.inner.final()]);
    }
    return this.inner.final();
  }
}

const passThrough = (): ByteTransform => ({
  update: (chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length),
  final: () => Buffer.alloc(0),
});

function runTransform(t: ByteTransform, bytes: Uint8Array): Buffer {
  return Buffer.concat([t.update(bytes), t.final()]);
}

/** Protection off: every file is written as is; a sealed file found anyway needs the key (NOTEBOOK_LOCKED). */
export const plainSealer: Sealer = {
  sealing: false,
  sealFile: (plain) => Buffer.from(plain),
  openFile(onDisk, what) {
    if (isSealedFile(onDisk)) throw locked(what);
    return Buffer.from(onDisk);
  },
  fileEncoder: passThrough,
  fileDecoder: (what) =>
    new SniffingDecoder((sealed) => {
      if (sealed) throw locked(what);
      return passThrough();
    }),
  sealLine: (plain) => plain,
  openLine(line, what) {
    if (isSealedLine(line)) throw locked(what);
    return line;
  },
  async readRange(read, diskBytes, start, end, what) {
    if (isSealedFile(await read(0, Math.min(diskBytes, MAGIC.length)))) throw locked(what);
    return plainRange(read, diskBytes, start, end);
  },
};

function plainRange(read: RangeReader, diskBytes: number, start: number, end: number): Promise<Buffer> {
  const to = Math.min(end, diskBytes);
  return start >= to ? Promise.resolve(Buffer.alloc(0)) : read(start, to - start);
}

/** The segments of a sealed file of `diskBytes` bytes, and its plaintext size. */
function layout(diskBytes: number): { segments: number; plainBytes: number } {
  const body = diskBytes - HEADER_BYTES;
  const segments = Math.max(1, Math.ceil((body - TAG_BYTES) / SEALED_SEGMENT_BYTES));
  return { segments, plainBytes: body - segments * TAG_BYTES };
}

export type KeySealerOptions = {
  /**
   * false while a notebook is being converted to protection (some files are still plain and are read
   * as is); true once every file is sealed, so a plain file planted in the folder is refused.
   */
  requireSealed: boolean;
};

/**
 * Protection on: seals with `dataKey` (32 bytes). The key buffer is held, not copied; `forget()` zeroes it,
 * after which every call fails (lock).
 */
export function keySealer(dataKey: Buffer, options: KeySealerOptions): Sealer & { forget(): void } {
  if (dataKey.length !== KEY_BYTES)
    throw new Error(`A data key has ${KEY_BYTES} bytes, not ${dataKey.length}.`);
  let key: Buffer | null = dataKey;
  const live = (what: string): Buffer => {
    if (!key) throw locked(what);
    return key;
  };
  const plainOr = (what: string): ByteTransform => {
    if (options.requireSealed) throw plainRefused(what);
    return passThrough();
  };
  return {
    sealing: true,
    sealFile(plain) {
      return runTransform(new SegmentEncoder(live('A file')), plain);
    },
    openFile(onDisk, what) {
      if (!isSealedFile(onDisk)) {
        if (options.requireSealed) throw plainRefused(what);
        return Buffer.from(onDisk);
      }
      return runTransform(new SegmentDecoder(live(what), what), onDisk);
    },
    fileEncoder() {
      return new SegmentEncoder(live('A file'));
    },
    fileDecoder(what) {
      return new SniffingDecoder((sealed) => (sealed ? new SegmentDecoder(live(what), what) : plainOr(what)));
    },
    sealLine(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', live('A line'), iv);
      cipher.setAAD(LINE_AAD);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return LINE_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
    },
    openLine(line, what) {
      if (!isSealedLine(line)) {
        if (options.requireSealed) throw plainRefused(what);
        return line;
      }
      const text = line.slice(LINE_PREFIX.length);
      const raw = Buffer.from(text, 'base64');
      if (raw.length < 12 + TAG_BYTES) throw tampered(what, 'a line cut short');
      // Node's base64 decoder skips characters it does not know and ignores spare bits, so a changed
      // character there would still authenticate: only the exact encoding of the sealed bytes is accepted.
      if (raw.toString('base64') !== text) throw tampered(what, 'a line is not as it was sealed');
      const decipher = createDecipheriv('aes-256-gcm', live(what), raw.subarray(0, 12));
      decipher.setAAD(LINE_AAD);
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(raw.subarray(12, raw.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw tampered(what, 'a line does not authenticate');
      }
    },
    async readRange(read, diskBytes, start, end, what) {
      const header = await read(0, Math.min(diskBytes, HEADER_BYTES));
      if (!isSealedFile(header)) {
        if (options.requireSealed) throw plainRefused(what);
        return plainRange(read, diskBytes, start, end);
      }
      if (header.length < HEADER_BYTES || diskBytes < HEADER_BYTES + TAG_BYTES)
        throw tampered(what, 'cut short');
      if (header[MAGIC.length] !== FORMAT_VERSION) throw tampered(what, 'an unknown format version');
      const k = live(what);
      const { segments, plainBytes } = layout(diskBytes);
      const to = Math.min(end, plainBytes);
      if (start >= to) return Buffer.alloc(0);
      const first = Math.floor(start / SEGMENT_BYTES);
      const last = Math.floor((to - 1) / SEGMENT_BYTES);
      const from = HEADER_BYTES + first * SEALED_SEGMENT_BYTES;
      const upto = Math.min(diskBytes, HEADER_BYTES + (last + 1) * SEALED_SEGMENT_BYTES);
      const raw = await read(from, upto - from);
      if (raw.length !== upto - from) throw tampered(what, 'cut short');
      const prefix = header.subarray(MAGIC.length + 1);
      const out: Buffer[] = [];
      for (let i = first; i <= last; i++) {
        const at = (i - first) * SEALED_SEGMENT_BYTES;
        const piece = raw.subarray(at, Math.min(raw.length, at + SEALED_SEGMENT_BYTES));
        out.push(openSegment(k, header, prefix, i, piece, i === segments - 1, what));
      }
      const plain = Buffer.concat(out);
      return plain.subarray(start - first * SEGMENT_BYTES, to - first * SEGMENT_BYTES);
    },
    forget() {
      key?.fill(0);
      key = null;
    },
  };
}

/** Decodes an async stream of file bytes into plaintext pieces (for the loader, which parses as it reads). */
export async function* openStream(
  sealer: Sealer,
  source: AsyncIterable<Uint8Array>,
  what: string,
): AsyncGenerator<Buffer> {
  const decoder = sealer.fileDecoder(what);
  for await (const chunk of source) {
    const out = decoder.update(chunk);
    if (out.length) yield out;
  }
  const last = decoder.final();
  if (last.length) yield last;
}
