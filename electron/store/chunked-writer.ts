import type { StoreData } from '../domain/model.js';
import { realFs, replaceDurably, type FsOps } from './durable-file.js';
import { yieldToLoop } from '../domain/slices.js';
import { COLLECTIONS } from '../domain/changes.js';
import { plainSealer, type Sealer } from './sealed/sealer.js';

export { realFs, type FsOps };

const CHUNK_CHARS = 1 << 20;

// No per-record JSON cache: it held a second copy of every note (≈100 MB heap at 50k notes) to speed up
// snapshots, which the journal already made rare and background-only.
const jsonOf = (record: object): string => JSON.stringify(record);

/** The store as JSON text pieces of about 1 MB, yielding to the event loop between pieces. */
async function* serialise(data: StoreData): AsyncGenerator<string> {
  let buf = '{';
  let firstKey = true;
  for (const [key, value] of Object.entries(data)) {
    buf += (firstKey ? '' : ',') + JSON.stringify(key) + ':';
    firstKey = false;
    if ((COLLECTIONS as readonly string[]).includes(key)) {
      buf += '{';
      let first = true;
      const records =
        key === 'notes' ? data.notes.entries() : Object.entries(value as Record<string, object>);
      for (const [id, rec] of records) {
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
 * Durably replaces `file` with the store (temp file written in pieces → fsync → rename → fsync dir;
 * see replaceDurably). A crash at any point leaves the old or the new complete file, never a mix.
 * Protected notebooks: the pieces go through the sealer's streaming encoder, so the temp file never holds
 * plaintext. Returns the bytes of JSON written (the store's size, which the budget counts).
 */
export async function writeStoreDurably(
  file: string,
  data: StoreData,
  fs: FsOps = realFs,
  sealer: Sealer = plainSealer,
): Promise<number> {
  let bytes = 0;
  await replaceDurably(
    file,
    async (fh) => {
      const write = async (buffer: Buffer) => {
        let offset = 0;
        while (offset < buffer.length) {
          const { bytesWritten } = await fh.write(buffer, offset, buffer.length - offset);
          offset += bytesWritten;
        }
      };
      const encoder = sealer.fileEncoder();
      for await (const piece of serialise(data)) {
        const buffer = Buffer.from(piece, 'utf8');
        await write(encoder.update(buffer));
        bytes += buffer.length;
      }
      await write(encoder.final());
    },
    fs,
  );
  return bytes;
}
