import { BlobTooLargeError } from '../domain/errors.js';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  copyFile,
  link,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  stat,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from './durable-file.js';
import { openStream, type Sealer } from './sealed/sealer.js';

/** The folder of attachment blobs beside dossier.json. */
export const ATTACHMENTS_DIR = 'attachments';
/** Uploads land here first (the browser-mode server streams into it); same file system, so a rename moves them in. */
export const INCOMING_DIR = '.incoming';
const TMP_DIR = '.tmp';

export { BlobTooLargeError };

export type PutResult = {
  hash: string;
  size: number;
  /** false: the same content was already stored */ created: boolean;
  /** the first bytes of the content (up to HEAD_BYTES), to sniff its type without reading the blob again */
  head: Buffer;
};

/** How much of a file's start put() hands back for sniffing its type. */
export const HEAD_BYTES = 64 * 1024;

/** Hashes, counts and keeps the start of plaintext as it streams past. */
class Digest {
  private readonly hasher = createHash('sha256');
  size = 0;
  private readonly headParts: Buffer[] = [];
  private headSize = 0;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.limit) throw new BlobTooLargeError(this.size, this.limit);
    this.hasher.update(chunk);
    if (this.headSize < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headSize);
      this.headParts.push(Buffer.from(part));
      this.headSize += part.length;
    }
  }
  hash(): string {
    return this.hasher.digest('hex');
  }
  head(): Buffer {
    return Buffer.concat(this.headParts, this.headSize);
  }
}

/** Creates `file` (never over an existing one), lets `write` fill it, and fsyncs it before closing. */
async function writeNewSynced(file: string, write: (fh: FileHandle) => Promise<void>): Promise<void> {
  const fh = await open(file, 'wx', 0o600);
  try {
    await write(fh);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
}

/** Where a blob lives: attachments/<first two hex>/<sha-256>. Pure, so shells can serve files without the core. */
export function blobPath(dataDir: string, hash: string): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('not a sha-256 hash');
  return path.join(dataDir, ATTACHMENTS_DIR, hash.slice(0, 2), hash);
}

/** A fresh path in attachments/.incoming/ for a shell to stream an upload into. */
export async function incomingPath(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, ATTACHMENTS_DIR, INCOMING_DIR);
  await mkdir(dir, { recursive: true });
  return path.join(dir, `${randomBytes(12).toString('hex')}.part`);
}

/** Whether `file` is an upload the shell put in attachments/.incoming/ (only those may be moved in). */
export function isIncoming(dataDir: string, file: string): boolean {
  const dir = path.resolve(dataDir, ATTACHMENTS_DIR, INCOMING_DIR) + path.sep;
  const resolved = path.resolve(file);
  return resolved.startsWith(dir) && !resolved.slice(dir.length).includes(path.sep);
}

/**
 * Content-addressed, immutable files (attachments) behind a small interface. A blob is written durably
 * before put() resolves: copied while hashing into attachments/.tmp/, fsynced, renamed to its hash and the
 * folder fsynced — so a note saved after put() never points at a file a crash could lose. The same content
 * put twice is stored once. Blobs are never modified in place, which is what lets backups hard-link them.
 *
 * Every blob goes through the notebook's sealer: sealed as it streams in (its name stays the SHA-256 of
 * the plaintext, hashed on the way, so the same file is still stored once), opened as a stream by every
 * reader. Readers get plaintext only from here (open/read/readRange/copyOut), never from the path.
 */
export class BlobStore {
  readonly dir: string;

  constructor(
    readonly dataDir: string,
    readonly sealer: Sealer,
  ) {
    this.dir = path.join(dataDir, ATTACHMENTS_DIR);
  }

  private what(hash: string): string {
    return `${ATTACHMENTS_DIR}/${hash.slice(0, 2)}/${hash}`;
  }

  path(hash: string): string {
    return blobPath(this.dataDir, hash);
  }

  async has(hash: string): Promise<boolean> {
    return (await stat(this.path(hash)).catch(() => null))?.isFile() ?? false;
  }

  /**
   * Stores the content of `source`. `move` (only for files in attachments/.incoming/, in the form this
   * sealer stores; shells of a protected notebook hand bytes over instead, see putBytes) renames instead
   * of copying. Reads in 1 MB chunks, so hashing (and sealing) a large file never holds the loop for long.
   */
  async put(source: string, options: { limit: number; move?: boolean }): Promise<PutResult> {
    const tmp = await this.tmpPath();
    const digest = new Digest(options.limit);
    const move = options.move === true && isIncoming(this.dataDir, source);
    try {
      if (move) {
        // An upload, already as it is stored: hash its plaintext in place, fsync it, then rename it in.
        const chunks = createReadStream(source, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
        for await (const plain of openStream(this.sealer, chunks, 'an upload')) digest.add(plain);
        const fh = await open(source, 'r+');
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
        await rename(source, tmp);
      } else {
        const encoder = this.sealer.fileEncoder();
        await writeNewSynced(tmp, async (fh) => {
          for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20 })) {
            digest.add(chunk as Buffer);
            await writeAll(fh, encoder.update(chunk as Buffer));
          }
          await writeAll(fh, encoder.final());
        });
      }
      return await this.settle(tmp, digest);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      if (move) await unlink(source).catch(() => undefined);
      throw err;
    }
  }

  /** Stores bytes already in memory (a pasted image, an upload, a file from an imported zip) like put(). */
  async putBytes(bytes: Uint8Array, options: { limit: number }): Promise<PutResult> {
    const tmp = await this.tmpPath();
    const digest = new Digest(options.limit);
    try {
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      digest.add(buf);
      await writeNewSynced(tmp, (fh) => writeAll(fh, this.sealer.sealFile(buf)));
      return await this.settle(tmp, digest);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
  }

  private async tmpPath(): Promise<string> {
    const tmpDir = path.join(this.dir, TMP_DIR);
    await mkdir(tmpDir, { recursive: true });
    return path.join(tmpDir, `${randomBytes(12).toString('hex')}.tmp`);
  }

  /** Renames a written temp file to its hash (or drops it when that content is stored already). */
  private async settle(tmp: string, digest: Digest): Promise<PutResult> {
    const hash = digest.hash();
    const result = { hash, size: digest.size, head: digest.head() };
    const final = this.path(hash);
    if (await this.has(hash)) {
      await unlink(tmp);
      return { ...result, created: false };
    }
    await mkdir(path.dirname(final), { recursive: true });
    await rename(tmp, final);
    await fsyncDir(path.dirname(final));
    await fsyncDir(this.dir);
    return { ...result, created: true };
  }

  /** The plaintext of a blob as a stream of pieces (DATA_TAMPERED if it fails its check on the way). */
  open(hash: string): AsyncGenerator<Buffer> {
    const file = createReadStream(this.path(hash), { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
    return openStream(this.sealer, file, this.what(hash));
  }

  /** The whole plaintext of a blob (text extraction, a zip download). */
  async read(hash: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of this.open(hash)) parts.push(part);
    return Buffer.concat(parts);
  }

  /** Plaintext bytes [start, end) of a blob, reading only what covers them (serving a file in pieces). */
  async readRange(hash: string, start: number, end: number): Promise<Buffer> {
    const fh = await open(this.path(hash), 'r');
    try {
      const { size } = await fh.stat();
      return await this.sealer.readRange(
        async (position, length) => {
          const buf = Buffer.alloc(length);
          let got = 0;
          while (got < length) {
            const { bytesRead } = await fh.read(buf, got, length - got, position + got);
            if (bytesRead === 0) break;
            got += bytesRead;
          }
          return buf.subarray(0, got);
        },
        size,
        start,
        end,
        this.what(hash),
      );
    } finally {
      await fh.close();
    }
  }

  /**
   * Writes a blob's plaintext to `dest` (save as, export, a copy for the system viewer), never over an
   * existing file (EEXIST); a partial file is removed when reading or writing fails.
   */
  async copyOut(hash: string, dest: string): Promise<void> {
    const fh = await open(dest, 'wx', 0o600);
    try {
      for await (const part of this.open(hash)) await writeAll(fh, part);
      await fh.close();
    } catch (err) {
      await fh.close().catch(() => undefined);
      await unlink(dest).catch(() => undefined);
      throw err;
    }
  }

  /** Every stored hash (for garbage collection and backups). */
  async list(): Promise<string[]> {
    const out: string[] = [];
    let shards: string[];
    try {
      shards = await readdir(this.dir);
    } catch {
      return out;
    }
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of await readdir(path.join(this.dir, shard)).catch(() => [] as string[]))
        if (/^[0-9a-f]{64}$/.test(name) && name.startsWith(shard)) out.push(name);
    }
    return out;
  }

  async remove(hash: string): Promise<void> {
    await unlink(this.path(hash)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  /** Removes what interrupted puts and uploads left behind (run at open, under the store lock). */
  async cleanTemp(): Promise<void> {
    for (const d of [TMP_DIR, INCOMING_DIR])
      await rm(path.join(this.dir, d), { recursive: true, force: true }).catch(() => undefined);
  }

  /**
   * Hard-links every blob in `hashes` into `targetDir` (a backup's pool), skipping those already there;
   * falls back to a copy where links are impossible (another file system, FAT). Returns how many were added.
   * Safe to run concurrently for the same hashes: a name another call linked first (EEXIST) holds the same
   * content-addressed file and counts as there.
   */
  async linkInto(targetDir: string, hashes: Iterable<string>): Promise<number> {
    let added = 0;
    for (const hash of hashes) {
      const dest = path.join(targetDir, hash.slice(0, 2), hash);
      if (await stat(dest).catch(() => null)) continue;
      if (!(await this.has(hash))) continue;
      await mkdir(path.dirname(dest), { recursive: true });
      if (await this.placeAt(hash, dest)) added++;
    }
    return added;
  }

  /** Puts blob `hash` at `dest`; false when an identical file was already there. */
  private async placeAt(hash: string, dest: string): Promise<boolean> {
    const source = this.path(hash);
    let copy = false;
    try {
      await link(source, dest);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        if (await holdsBlob(dest, source, hash)) return false;
        // Another file under the blob's name (a copy cut off before this rule): replaced below, atomically.
      } else if (code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EMLINK') copy = true;
      else throw err;
    }
    // Beside dest, then renamed over it: a reader never sees a half-written file under the hash.
    const tmp = `${dest}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      if (copy) await copyFile(source, tmp);
      else await link(source, tmp);
      await rename(tmp, dest);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    return true;
  }
}

/**
 * Whether `file` is the blob: the same inode (a link), or a copy of its bytes — which hash to `hash` in a
 * plain notebook, and to what the (sealed) source file's own bytes hash to in a protected one.
 */
async function holdsBlob(file: string, source: string, hash: string): Promise<boolean> {
  const [a, b] = await Promise.all([stat(file).catch(() => null), stat(source)]);
  if (!a?.isFile()) return false;
  if (a.ino === b.ino && a.dev === b.dev) return true;
  if (a.size !== b.size) return false;
  const digest = await rawHash(file);
  return digest === hash || digest === (await rawHash(source));
}

async function rawHash(file: string): Promise<string> {
  const hasher = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    hasher.update(chunk as Buffer);
  return hasher.digest('hex');
}
