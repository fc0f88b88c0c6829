import { open as fsOpen, rename as fsRename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { StoreData } from '../core/model.js';
import { fsyncDir } from './durable-file.js';

/** The file operations a save uses, injectable so tests can make the disk fail (ENOSPC, EACCES, EROFS). */
export type FsOps = {
  open: typeof fsOpen;
  rename: typeof fsRename;
};

export const realFs: FsOps = { open: fsOpen, rename: fsRename };

const CHUNK_CHARS = 1 << 20;

// No per-record JSON cache: it held a second copy of every note (≈100 MB heap at 50k notes) to speed up
// snapshots, which the journal already made rare and background-only.
const jsonOf = (record: object): string => JSON.stringify(record);

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The store as JSON text pieces of about 1 MB, yielding to the event loop between pieces. */
async function* serialise(data: StoreData): AsyncGenerator<string> {
  let buf = '{';
  let firstKey = true;
  for (const [key, value] of Object.entries(data)) {
    buf += (firstKey ? '' : ',') + JSON.stringify(key) + ':';
    firstKey = false;
    if (key === 'notes' || key === 'topics' || key === 'savedSearches') {
      buf += '{';
      let first = true;
      for (const [id, rec] of Object.entries(value as Record<string, object>)) {
        buf += (first ? '' : ',') + JSON.stringify(id) + ':' + jsonOf(rec);
        first = false;
        if (buf.length >= CHUNK_CHARS) {
          yield buf;
          buf = '';
          await yieldToLoop();
        }
      }
      buf += '}';
    } else {
      buf += JSON.stringify(value);
    }
  }
  yield buf + '}';
}

/**
 * Durably replaces `file` with the store: temp file → write in pieces → fsync → rename → fsync dir.
 * A crash at any point leaves the old or the new complete file, never a mix.
 */
export async function writeStoreDurably(file: string, data: StoreData, fs: FsOps = realFs): Promise<number> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  let bytes = 0;
  const fh = await fs.open(tmp, 'w', 0o600);
  try {
    for await (const piece of serialise(data)) {
      const buffer = Buffer.from(piece, 'utf8');
      let offset = 0;
      while (offset < buffer.length) {
        const { bytesWritten } = await fh.write(buffer, offset, buffer.length - offset);
        offset += bytesWritten;
      }
      bytes += buffer.length;
    }
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dir);
  return bytes;
}
