import { DossierError } from '../domain/errors.js';
import { gitError, spawnGit, writeInput, type Git, type GitChild } from './git-process.js';

/**
 * Reads objects of the local repository through two long-lived `git cat-file` processes: `--batch-check`
 * answers type and size (so a huge blob is refused before a byte of it is read), `--batch` the contents.
 * Requests are queued: one in flight per process.
 */

/** What `--batch-check` says of an object (null: the repository has no such object). */
export type ObjectInfo = { type: string; size: number } | null;

/** Pulls lines and byte counts out of a process's stdout as they arrive. */
class StdoutReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private waiter: (() => void) | null = null;
  private ended: Error | null = null;

  constructor(child: GitChild) {
    child.process.stdout.on('data', (c: Buffer) => {
      this.chunks.push(c);
      this.size += c.length;
      this.wake();
    });
    child.process.stdout.on('close', () => {
      this.ended ??= gitError(
        'IO_ERROR',
        'failed',
        `git cat-file ended unexpectedly: ${child.stderr.trim()}`,
      );
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private async more(): Promise<void> {
    if (this.ended) throw this.ended;
    await new Promise<void>((resolve) => (this.waiter = resolve));
  }

  /** The next line without its LF. */
  async line(): Promise<string> {
    for (;;) {
      const joined = this.flatten();
      const lf = joined ? joined.indexOf(0x0a) : -1;
      if (joined && lf >= 0) {
        this.take(lf + 1);
        return joined.subarray(0, lf).toString('latin1');
      }
      await this.more();
    }
  }

  /** Exactly `n` bytes. */
  async bytes(n: number): Promise<Buffer> {
    if (n === 0) return Buffer.alloc(0);
    while (this.size < n) await this.more();
    const joined = this.flatten()!;
    const out = Buffer.from(joined.subarray(0, n));
    this.take(n);
    return out;
  }

  private flatten(): Buffer | null {
    if (this.chunks.length === 0) return null;
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.size)];
    return this.chunks[0]!;
  }

  private take(n: number): void {
    const rest = this.flatten()!.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
  }
}

/** One `cat-file` process, started on first use and again after it died. */
class BatchProcess {
  private child: GitChild | null = null;
  private reader: StdoutReader | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly git: Git,
    private readonly gitDir: string,
    private readonly mode: '--batch' | '--batch-check',
  ) {}

  /** Sends `ids` (one per line) and lets `read` parse the answers, one request at a time. */
  request<T>(ids: readonly string[], read: (reader: StdoutReader) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (!this.child || this.child.process.exitCode !== null) {
        this.child = spawnGit(this.git, ['cat-file', this.mode], { gitDir: this.gitDir });
        this.reader = new StdoutReader(this.child);
      }
      const child = this.child;
      const stdin = child.process.stdin;
      // written as the reader goes, with backpressure (10k ids are 410 KB)
      const writing = (async () => {
        for (let i = 0; i < ids.length; i += 1000) {
          const piece = ids.slice(i, i + 1000).join('\n') + '\n';
          if (!stdin.write(piece)) await new Promise((r) => stdin.once('drain', r));
        }
      })();
      try {
        const [value] = await Promise.all([read(this.reader!), writing]);
        return value;
      } catch (err) {
        this.close();
        throw err;
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    const child = this.child;
    this.child = null;
    this.reader = null;
    if (child) void writeInput(child, undefined).finally(() => child.kill());
  }
}

const HEX = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** Reads objects by id; ids must be full hex (cat-file would also take ref names and expressions). */
export class ObjectReader {
  private readonly check: BatchProcess;
  private readonly contents: BatchProcess;

  constructor(git: Git, gitDir: string) {
    this.check = new BatchProcess(git, gitDir, '--batch-check');
    this.contents = new BatchProcess(git, gitDir, '--batch');
  }

  /** Type and size of each object, without reading contents. */
  async info(ids: readonly string[]): Promise<Map<string, ObjectInfo>> {
    if (ids.length === 0) return new Map();
    for (const id of ids)
      if (!HEX.test(id)) throw gitError('BAD_INPUT', 'bad-input', `"${id}" is not a git object id.`);
    return this.check.request(ids, async (reader) => {
      const out = new Map<string, ObjectInfo>();
      for (const id of ids) out.set(id, parseInfo(await reader.line(), id));
      return out;
    });
  }

  /**
   * The contents of blobs. Sizes are checked first: a missing object, a non-blob, or a blob over `maxBytes`
   * refuses the whole call before any content is read.
   */
  async blobs(ids: readonly string[], maxBytes: number): Promise<Map<string, Uint8Array>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const infos = await this.info(unique);
    const over: string[] = [];
    for (const [id, info] of infos) {
      if (!info) throw gitError('NOT_FOUND', 'failed', `The shared topic's repository has no object ${id}.`);
      if (info.type !== 'blob')
        throw gitError('BAD_INPUT', 'bad-input', `Object ${id} is a ${info.type}, not a file's contents.`);
      if (info.size > maxBytes) over.push(id);
    }
    if (over.length)
      throw new DossierError(
        'TOO_LARGE',
        `${over.length === 1 ? 'A file' : `${over.length} files`} of the shared topic ${over.length === 1 ? 'is' : 'are'} larger than ${maxBytes} bytes and ${over.length === 1 ? 'was' : 'were'} not read.`,
        { reason: 'too-large', ids: over },
      );
    return this.contents.request(unique, async (reader) => {
      const out = new Map<string, Uint8Array>();
      for (const id of unique) {
        const info = parseInfo(await reader.line(), id);
        if (!info)
          throw gitError('NOT_FOUND', 'failed', `The shared topic's repository has no object ${id}.`);
        out.set(id, await reader.bytes(info.size));
        await reader.bytes(1); // the LF after each object
      }
      return out;
    });
  }

  /** Ends both processes (they start again on the next call). */
  close(): void {
    this.check.close();
    this.contents.close();
  }
}

function parseInfo(line: string, id: string): ObjectInfo {
  const [oid, type, size] = line.split(' ');
  if (oid !== id) throw gitError('IO_ERROR', 'failed', `git cat-file answered "${line}" for ${id}.`);
  if (type === 'missing' || size === undefined) return null;
  return { type: type!, size: Number(size) };
}
