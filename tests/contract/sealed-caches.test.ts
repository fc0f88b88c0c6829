import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../electron/shell/open-app.js';
import { INDEX_CACHE_FILE } from '../../electron/core/search/index-cache.js';
import { LINK_CACHE_FILE } from '../../electron/core/links/link-cache.js';
import { keySealer, type Sealer } from '../../electron/store/sealed/sealer.js';
import { randomBytes } from 'node:crypto';
import { CANARIES, expectNoCanaries, flipped } from './sealed-helpers.js';

// The derived caches beside the store (search-index.bin holds every word, link-index.json every link) in a
// protected notebook: sealed whole, used again at the next open, and a damaged one is dropped and rebuilt.

let dir: string;
let dataDir: string;
let app: OpenedApp | null = null;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-sealed-caches-'));
  dataDir = path.join(dir, 'data');
});
afterEach(async () => {
  await app?.close();
  app = null;
  await rm(dir, { recursive: true, force: true });
});

async function open(sealer?: Sealer): Promise<OpenedApp> {
  app = await openApp(dataDir, 'browser', sealer ? { sealer } : {});
  await app.core.startIndexing();
  await app.core.startLinking();
  return app;
}

async function reopen(sealer?: Sealer): Promise<OpenedApp> {
  await app?.close();
  app = null;
  return open(sealer);
}

async function plantNotes(a: OpenedApp): Promise<void> {
  await a.core.createNote({ title: `Seeker ${CANARIES[0]}`, body: `Radar trial with ${CANARIES[1]}.` });
  await a.core.createNote({
    title: 'Links',
    body: `See [[Seeker ${CANARIES[0]}]] and [[${CANARIES[2]} plan]].`,
  });
}

const hits = (a: OpenedApp, text: string) => a.core.listNotes({ text }).total;

describe('search index and link caches in a protected notebook', () => {
  it('are sealed on disk (no temp file left) and used again at the next open', async () => {
    const key = randomBytes(32);
    const sealer = () => keySealer(Buffer.from(key), { requireSealed: true });
    await plantNotes(await open(sealer()));
    const b = await reopen(sealer());
    expect(b.core.index.restoredDocs).toBe(2);
    expect(b.core.links.restoredDocs).toBe(2);
    expect(await hits(b, CANARIES[1].toLowerCase())).toBe(1);
    await expectNoCanaries([path.join(dataDir, INDEX_CACHE_FILE), path.join(dataDir, LINK_CACHE_FILE)]);
    expect((await readdir(dataDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a flipped byte: the cache is dropped and rebuilt, search still answers', async () => {
    const key = randomBytes(32);
    const sealer = () => keySealer(Buffer.from(key), { requireSealed: true });
    await plantNotes(await open(sealer()));
    await app!.close();
    app = null;
    for (const f of [INDEX_CACHE_FILE, LINK_CACHE_FILE]) {
      const file = path.join(dataDir, f);
      await writeFile(file, flipped(await readFile(file)));
    }
    const b = await open(sealer());
    expect(b.core.index.restoredDocs).toBe(0);
    expect(b.core.links.restoredDocs).toBe(0);
    expect(await hits(b, CANARIES[1].toLowerCase())).toBe(1);
    // Rebuilt and sealed again; the next open uses it.
    const c = await reopen(sealer());
    expect(c.core.index.restoredDocs).toBe(2);
    await expectNoCanaries([path.join(dataDir, INDEX_CACHE_FILE), path.join(dataDir, LINK_CACHE_FILE)]);
  });

  it('plain notebooks keep the plain formats (DSIX header, JSON)', async () => {
    await plantNotes(await open());
    await reopen();
    expect((await readFile(path.join(dataDir, INDEX_CACHE_FILE))).toString('latin1', 0, 4)).toBe('DSIX');
    const links = JSON.parse(await readFile(path.join(dataDir, LINK_CACHE_FILE), 'utf8')) as {
      format: number;
    };
    expect(links.format).toBe(1);
  });
});
