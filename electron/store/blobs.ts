import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from './durable-file.js';

/** The folder of attachment blobs beside dossier.json. */
export const ATTACHMENTS_DIR = 'attachments';
/** Uploads land here first (the browser-mode server streams into it); same file system, so a rename moves them in. */
export const INCOMING_DIR = '.incoming';
const TMP_DIR = '.tmp';

/** Thrown by BlobStore.put when the content is larger than the limit (the partial copy is removed). */
export class BlobTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`larger than ${limit} bytes`);
  }
}

export type PutResult = {
  hash: string;
  size: number;
  /** false: the same content was already stored */ created: boolean;
};

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
 */
export class BlobStore {
  readonly dir: string;

  constructor(readonly dataDir: string) {
    this.dir = path.join(dataDir, ATTACHMENTS_DIR);
  }

  path(hash: string): string {
    return blobPath(this.dataDir, hash);
  }

  async has(hash: string): Promise<boolean> {
    return (await stat(this.path(hash)).catch(() => null))?.isFile() ?? false;
  }

  /**
   * Stores the content of `source`. `move` (only for files in attachments/.incoming/) renames instead of
   * copying. Reads in 1 MB chunks, so hashing a large file never holds the event loop for long.
   */
  async put(source: string, options: { limit: number; move?: boolean }): Promise<PutResult> {
    const tmpDir = path.join(this.dir, TMP_DIR);
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${randomBytes(12).toString('hex')}.tmp`);
    const hasher = createHash('sha256');
    let size = 0;
    const move = options.move === true && isIncoming(this.dataDir, source);
    try {
      if (move) {
        // An upload: hash it in place, fsync it, then rename it in.
        for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20 })) {
          size += (chunk as Buffer).length;
          if (size > options.limit) throw new BlobTooLargeError(size, options.limit);
          hasher.update(chunk as Buffer);
        }
        const fh = await open(source, 'r+');
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
        await rename(source, tmp);
      } else {
        const fh = await open(tmp, 'wx', 0o600);
        try {
          for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20 })) {
            const buf = chunk as Buffer;
            size += buf.length;
            if (size > options.limit) throw new BlobTooLargeError(size, options.limit);
            hasher.update(buf);
            let off = 0;
            while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
          }
          await fh.sync();
        } finally {
          await fh.close();
        }
      }
      const hash = hasher.digest('hex');
      const final = this.path(hash);
      if (await this.has(hash)) {
        await unlink(tmp);
        return { hash, size, created: false };
      }
      await mkdir(path.dirname(final), { recursive: true });
      await rename(tmp, final);
      await fsyncDir(path.dirname(final));
      await fsyncDir(this.dir);
      return { hash, size, created: true };
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      if (move) await unlink(source).catch(() => undefined);
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

/** Whether `file` is the blob: the same inode (a link), or a copy whose content hashes to `hash`. */
async function holdsBlob(file: string, source: string, hash: string): Promise<boolean> {
  const [a, b] = await Promise.all([stat(file).catch(() => null), stat(source)]);
  if (!a?.isFile()) return false;
  if (a.ino === b.ino && a.dev === b.dev) return true;
  if (a.size !== b.size) return false;
  const hasher = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    hasher.update(chunk as Buffer);
  return hasher.digest('hex') === hash;
}
