import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { BlobStore } from './blobs.js';
import { plainSealer } from './sealed/sealer.js';

// BlobStore on real files in a temp dir.

let dir: string;
let blobs: BlobStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-blobs-'));
  blobs = new BlobStore(path.join(dir, 'data'), plainSealer);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function putText(text: string): Promise<string> {
  const src = path.join(dir, `src-${createHash('sha256').update(text).digest('hex').slice(0, 8)}`);
  await writeFile(src, text);
  return (await blobs.put(src, { limit: 1 << 20 })).hash;
}

describe('BlobStore.linkInto', () => {
  it('is idempotent when several calls link the same hashes at once (EEXIST of the same file is success)', async () => {
    const hashes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => putText(`file ${i}\n`.repeat(i + 1))),
    );
    const pool = path.join(dir, 'pool');
    // Every call passes the "already there?" check before any of them links: the race backups hit.
    const added = await Promise.all(Array.from({ length: 8 }, () => blobs.linkInto(pool, hashes)));
    // Each file was added exactly once over all calls, and is the stored blob itself (a hard link).
    expect(added.reduce((a, b) => a + b, 0)).toBe(hashes.length);
    for (const hash of hashes) {
      const linked = await stat(path.join(pool, hash.slice(0, 2), hash));
      expect(linked.ino).toBe((await stat(blobs.path(hash))).ino);
    }
    // Running again adds nothing.
    expect(await blobs.linkInto(pool, hashes)).toBe(0);
  });

  it('replaces a different file under a blob’s name (a torn copy) with the blob', async () => {
    const hash = await putText('the real content\n');
    const pool = path.join(dir, 'pool');
    const dest = path.join(pool, hash.slice(0, 2), hash);
    // A file appears under the name between the "already there?" check and the link, with other content
    // (a copy that was cut off): the link answers EEXIST, and that file is not the blob.
    class Racing extends BlobStore {
      override async has(h: string): Promise<boolean> {
        await mkdir(path.dirname(dest), { recursive: true });
        await writeFile(dest, 'the real');
        return super.has(h);
      }
    }
    expect(await new Racing(blobs.dataDir, plainSealer).linkInto(pool, [hash])).toBe(1);
    expect(await readFile(dest, 'utf8')).toBe('the real content\n');
    expect((await stat(dest)).ino).toBe((await stat(blobs.path(hash))).ino);
  });
});
