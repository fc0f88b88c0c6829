/**
 * Reads a store file record by record, so a file larger than one JavaScript string (V8 caps a string at
 * about 512 MiB) still opens. Only the skeleton is scanned here — the top-level object and the record
 * collections (`notes`, `topics`, `savedSearches`); every record and every other value is cut out as
 * its own slice of bytes and handed to the native JSON.parse, which does the real parsing and
 * validation. A JSON library that tokenises in JavaScript would be several times slower on the
 * hundreds of megabytes this exists for; the scanner only has to find where values end.
 *
 * Accepts exactly what JSON.parse accepts (property-tested), with JSON.parse's own-property semantics
 * (a later duplicate key wins, `__proto__` is a plain key).
 */

/** Where the text stops being JSON or UTF-8; line and column are 1-based, column in bytes. */
export class StoreTextError extends Error {
  constructor(
    readonly kind: 'json' | 'utf8' | 'empty' | 'depth' | 'not-object',
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'StoreTextError';
  }
}

/** Receives the parsed pieces in file order. */
export type RecordSink = {
  /** a top-level key whose value is a plain value (or a collection that is not an object) */
  field(key: string, value: unknown): void;
  /** a record collection starts (a later duplicate of the same key starts it afresh, as JSON.parse would) */
  collection(key: string): void;
  record(collection: string, id: string, value: unknown): void;
};

const enum S {
  TopOpen,
  TopKeyOrEnd,
  TopKey,
  TopColon,
  TopValue,
  TopNext,
  CollKeyOrEnd,
  CollKey,
  CollColon,
  CollValue,
  CollNext,
  Done,
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const isDelimiter = (b: number) => isSpace(b) || b === 0x2c || b === 0x7d || b === 0x5d;

type Capture = { start: number; scan: number; depth: number; kind: 'string' | 'container' | 'scalar' };

/** Incremental splitter: push() chunks in order, then end(). */
export class RecordSplitter {
  private buf: Buffer = Buffer.alloc(0);
  /** absolute file offset of buf[0] */
  private base = 0;
  private pos = 0;
  private state = S.TopOpen;
  private capture: Capture | null = null;
  private topKey = '';
  private collKey = '';
  private line = 1;
  /** absolute offset just after the last newline before `base` */
  private lineStart = 0;
  private sawContent = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  constructor(
    private readonly collections: ReadonlySet<string>,
    private readonly sink: RecordSink,
  ) {}

  push(chunk: Uint8Array): void {
    const keepFrom = this.capture ? this.capture.start : this.pos;
    this.advanceLines(keepFrom);
    const rest = this.buf.subarray(keepFrom);
    this.buf = rest.length
      ? Buffer.concat([rest, chunk])
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    this.base += keepFrom;
    this.pos -= keepFrom;
    if (this.capture) {
      this.capture.scan -= keepFrom;
      this.capture.start = 0;
    }
    if (this.base === 0 && this.pos === 0 && this.state === S.TopOpen) {
      // A UTF-8 byte-order mark at the very start is allowed (the whole-file decoder used to drop it).
      const head = this.buf.subarray(0, 3);
      if (BOM.subarray(0, head.length).equals(head)) {
        if (head.length < 3) return;
        this.pos = 3;
      }
    }
    this.run(false);
  }

  end(): void {
    this.run(true);
    if (this.state !== S.Done) {
      if (!this.sawContent) throw this.error('empty', 'it is empty', this.base + this.pos);
      throw this.error('json', 'the file ends in the middle of the data', this.base + this.buf.length);
    }
  }

  /** Counts newlines in bytes about to leave the buffer, for line numbers in messages. */
  private advanceLines(upTo: number): void {
    let i = this.buf.indexOf(0x0a, 0);
    while (i !== -1 && i < upTo) {
      this.line += 1;
      this.lineStart = this.base + i + 1;
      i = this.buf.indexOf(0x0a, i + 1);
    }
  }

  private error(kind: StoreTextError['kind'], problem: string, absolute: number): StoreTextError {
    let line = this.line;
    let lineStart = this.lineStart;
    const upTo = Math.min(absolute - this.base, this.buf.length);
    for (let i = this.buf.indexOf(0x0a, 0); i !== -1 && i < upTo; i = this.buf.indexOf(0x0a, i + 1)) {
      line += 1;
      lineStart = this.base + i + 1;
    }
    return new StoreTextError(kind, problem, line, absolute - lineStart + 1);
  }

  private unexpected(at: number): StoreTextError {
    const b = this.buf[at]!;
    const shown = b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16)}`;
    return this.error('json', `unexpected ${shown}`, this.base + at);
  }

  /** Decodes and parses buf[start, end) as one JSON value. */
  private parse(start: number, end: number): unknown {
    let text: string;
    try {
      text = this.decoder.decode(this.buf.subarray(start, end));
    } catch {
      throw this.error('utf8', 'not valid UTF-8', this.base + start);
    }
    try {
      return JSON.parse(text);
    } catch (err) {
      if (err instanceof RangeError) throw this.error('depth', 'it is nested too deeply', this.base + start);
      const msg = (err as Error).message;
      const m = /position (\d+)/.exec(msg);
      const at = m ? start + Buffer.byteLength(text.slice(0, Number(m[1]))) : start;
      throw this.error('json', msg, this.base + at);
    }
  }

  /** Continues a capture; returns the end offset (exclusive) or -1 when the buffer ran out. */
  private scanCapture(c: Capture, final: boolean): number {
    const buf = this.buf;
    let i = c.scan;
    if (c.kind === 'scalar') {
      while (i < buf.length && !isDelimiter(buf[i]!)) i++;
      c.scan = i;
      return i < buf.length || final ? i : -1;
    }
    if (c.kind === 'string') {
      const end = this.stringEnd(c.start + 1, i);
      if (end === -1) {
        c.scan = Math.max(c.start + 1, buf.length - 1);
        return -1;
      }
      return end;
    }
    while (i < buf.length) {
      const b = buf[i]!;
      if (b === QUOTE) {
        const end = this.stringEnd(i + 1, i + 1);
        if (end === -1) {
          c.scan = i; // rescan this string once more bytes are in
          return -1;
        }
        i = end;
        continue;
      }
      if (b === 0x7b || b === 0x5b) c.depth++;
      else if (b === 0x7d || b === 0x5d) {
        c.depth--;
        if (c.depth === 0) return i + 1;
      }
      i++;
    }
    c.scan = i;
    return -1;
  }

  /** The offset after the closing quote of a string whose content starts at `content`, searching from `from`; -1 if not in the buffer yet. */
  private stringEnd(content: number, from: number): number {
    const buf = this.buf;
    let q = buf.indexOf(QUOTE, from);
    while (q !== -1) {
      let slashes = 0;
      for (let k = q - 1; k >= content && buf[k] === BACKSLASH; k--) slashes++;
      if (slashes % 2 === 0) return q + 1;
      q = buf.indexOf(QUOTE, q + 1);
    }
    return -1;
  }

  private startCapture(at: number): Capture {
    const b = this.buf[at]!;
    if (b === QUOTE) return { start: at, scan: at + 1, depth: 0, kind: 'string' };
    if (b === 0x7b || b === 0x5b) return { start: at, scan: at, depth: 0, kind: 'container' };
    return { start: at, scan: at, depth: 0, kind: 'scalar' };
  }

  private run(final: boolean): void {
    const buf = this.buf;
    while (true) {
      if (this.capture) {
        const c = this.capture;
        const end = this.scanCapture(c, final);
        if (end === -1) return;
        this.capture = null;
        this.pos = end;
        this.finishValue(this.parse(c.start, end));
        continue;
      }
      while (this.pos < buf.length && isSpace(buf[this.pos]!)) this.pos++;
      if (this.pos >= buf.length) return;
      const at = this.pos;
      const b = buf[at]!;
      this.sawContent = true;
      switch (this.state) {
        case S.TopOpen:
          if (b !== 0x7b) throw this.error('not-object', 'it does not start with an object', this.base + at);
          this.pos++;
          this.state = S.TopKeyOrEnd;
          break;
        case S.TopKeyOrEnd:
        case S.TopKey:
        case S.CollKeyOrEnd:
        case S.CollKey:
          if (b === 0x7d && (this.state === S.TopKeyOrEnd || this.state === S.CollKeyOrEnd)) {
            this.pos++;
            this.state = this.state === S.TopKeyOrEnd ? S.Done : S.TopNext;
          } else if (b === QUOTE) this.capture = this.startCapture(at);
          else throw this.unexpected(at);
          break;
        case S.TopColon:
        case S.CollColon:
          if (b !== 0x3a) throw this.unexpected(at);
          this.pos++;
          this.state = this.state === S.TopColon ? S.TopValue : S.CollValue;
          break;
        case S.TopValue:
          if (b === 0x7b && this.collections.has(this.topKey)) {
            this.pos++;
            this.sink.collection(this.topKey);
            this.state = S.CollKeyOrEnd;
          } else this.capture = this.startCapture(at);
          break;
        case S.CollValue:
          this.capture = this.startCapture(at);
          break;
        case S.TopNext:
        case S.CollNext:
          if (b === 0x2c) this.state = this.state === S.TopNext ? S.TopKey : S.CollKey;
          else if (b === 0x7d) this.state = this.state === S.TopNext ? S.Done : S.TopNext;
          else throw this.unexpected(at);
          this.pos++;
          break;
        case S.Done:
          throw this.unexpected(at);
      }
    }
  }

  /** A captured value is parsed: a key, a record, or a top-level value. */
  private finishValue(value: unknown): void {
    switch (this.state) {
      case S.TopKeyOrEnd:
      case S.TopKey:
        this.topKey = value as string;
        this.state = S.TopColon;
        break;
      case S.CollKeyOrEnd:
      case S.CollKey:
        this.collKey = value as string;
        this.state = S.CollColon;
        break;
      case S.TopValue:
        this.sink.field(this.topKey, value);
        this.state = S.TopNext;
        break;
      case S.CollValue:
        this.sink.record(this.topKey, this.collKey, value);
        this.state = S.CollNext;
        break;
      default:
        throw new Error('record splitter: value in an unexpected state');
    }
  }
}

/** Sets an own property the way JSON.parse does (so `__proto__` stays a plain key). */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // Plain assignment is much faster on large objects; only __proto__ would mean something else.
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Ways for the caller to see each record as it is read (the loader validates and packs them there). */
export type RecordHooks = {
  /** What to keep for a record (e.g. a validated, packed copy); `top` holds the top-level fields read so far. */
  record?(collection: string, id: string, value: unknown, top: Readonly<Record<string, unknown>>): unknown;
  /** A top-level key was (re)set: as a record collection, or as a plain value replacing one. */
  key?(key: string, asCollection: boolean): void;
};

/**
 * Parses a whole store text from chunks into one object, record by record. With `hooks.record`, each record
 * is handed over the moment it is parsed, so nothing but what the hook keeps outlives its record.
 */
export async function parseStoreChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  collections: ReadonlySet<string>,
  hooks: RecordHooks = {},
): Promise<Record<string, unknown>> {
  const top: Record<string, unknown> = {};
  const keep = hooks.record;
  const splitter = new RecordSplitter(collections, {
    field: (key, value) => {
      hooks.key?.(key, false);
      defineOwn(top, key, value);
    },
    collection: (key) => {
      hooks.key?.(key, true);
      defineOwn(top, key, {});
    },
    record: (key, id, value) =>
      defineOwn(top[key] as Record<string, unknown>, id, keep ? keep(key, id, value, top) : value),
  });
  for await (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return top;
}
