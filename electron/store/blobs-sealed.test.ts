import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BlobStore, HEAD_BYTES } from './blobs.js';
import { SEGMENT_BYTES, keySealer, plainSealer } from './sealed/sealer.js';

// The blob store with a protected notebook's sealer against real files: whatever way a file comes in,
// it is stored sealed under the SHA-256 of its plaintext, and every way out gives the plaintext back.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-blobs-sealed-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const sizes = fc.oneof(
  fc.integer({ min: 0, max: 2000 }),
  fc.integer({ min: -2, max: 2 }).map((d) => 2 * SEGMENT_BYTES + d),
  fc.integer({ min: 0, max: 5 * SEGMENT_BYTES }),
);

describe('BlobStore with a sealer', () => {
  it('put and putBytes store the same content once, sealed, and read, readRange and copyOut give it back', async () => {
    const blobs = new BlobStore(path.join(dir, 'data'), keySealer(randomBytes(32), { requireSealed: true }));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(sizes, fc.nat(), fc.nat(), fc.boolean(), async (size, a, b, fileFirst) => {
        const plain = randomBytes(size);
        const src = path.join(dir, `src-${n++}`);
        await writeFile(src, plain);
        const first = fileFirst
          ? await blobs.put(src, { limit: 1e9 })
          : await blobs.putBytes(plain, { limit: 1e9 });
        const second = fileFirst
          ? await blobs.putBytes(plain, { limit: 1e9 })
          : await blobs.put(src, { limit: 1e9 });
        expect(first).toMatchObject({ hash: sha256(plain), size, created: true });
        expect(second).toMatchObject({ hash: first.hash, created: false });
        expect(first.head.equals(plain.subarray(0, HEAD_BYTES))).toBe(true);
        const onDisk = await readFile(blobs.path(first.hash));
        if (size >= 16) expect(onDisk.includes(plain.subarray(0, 16))).toBe(false);
        expect((await blobs.read(first.hash)).equals(plain)).toBe(true);
        const start = a % (size + 1);
        const end = start + (b % (size + 1));
        expect((await blobs.readRange(first.hash, start, end)).equals(plain.subarray(start, end))).toBe(true);
        const out = path.join(dir, `out-${n}`);
        await blobs.copyOut(first.hash, out);
        expect((await readFile(out)).equals(plain)).toBe(true);
        await expect(blobs.copyOut(first.hash, out)).rejects.toMatchObject({ code: 'EEXIST' });
        await blobs.remove(first.hash);
      }),
      { numRuns: 25 },
    );
  });

  it('a plain store keeps files as they are, and a sealed blob there needs the key', async () => {
    const data = path.join(dir, 'plain');
    const plain = randomBytes(5000);
    const stored = await new BlobStore(data, plainSealer).putBytes(plain, { limit: 1e9 });
    expect((await readFile(new BlobStore(data, plainSealer).path(stored.hash))).equals(plain)).toBe(true);
    const sealed = new BlobStore(
      path.join(dir, 'sealed'),
      keySealer(randomBytes(32), { requireSealed: true }),
    );
    const s = await sealed.putBytes(plain, { limit: 1e9 });
    const noKey = new BlobStore(path.join(dir, 'sealed'), plainSealer);
    await expect(noKey.read(s.hash)).rejects.toMatchObject({ code: 'NOTEBOOK_LOCKED' });
    // A partial copy is not left behind when reading fails.
    const dest = path.join(dir, 'locked-out');
    await expect(noKey.copyOut(s.hash, dest)).rejects.toMatchObject({ code: 'NOTEBOOK_LOCKED' });
    await expect(readFile(dest)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('linkInto counts a copy of a sealed blob that another backup put in the pool first as there', async () => {
    const blobs = new BlobStore(
      path.join(dir, 'pooled'),
      keySealer(randomBytes(32), { requireSealed: true }),
    );
    const { hash } = await blobs.putBytes(randomBytes(3000), { limit: 1e9 });
    const pool = path.join(dir, 'pool');
    const dest = path.join(pool, hash.slice(0, 2), hash);
    class Racing extends BlobStore {
      // Between the check and the link, a copy lands under the name (a file system without hard links).
      override async has(h: string): Promise<boolean> {
        await mkdir(path.dirname(dest), { recursive: true });
        await copyFile(this.path(h), dest);
        return super.has(h);
      }
    }
    expect(await new Racing(blobs.dataDir, blobs.sealer).linkInto(pool, [hash])).toBe(0);
    expect((await stat(dest)).ino).not.toBe((await stat(blobs.path(hash))).ino); // the copy stayed
  });
});
