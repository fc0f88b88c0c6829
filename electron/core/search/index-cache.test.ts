import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateCorpus } from '../../../bench/corpus.js';
import type { StoreData } from '../../domain/model.js';
import { INDEX_CACHE_FILE, readIndexCache, writeIndexCache } from './index-cache.js';
import { searchNotes } from './evaluate.js';
import {
  checkPostings,
  decodePostings,
  decodeSequence,
  encodePostings,
  encodeSequence,
  TextIndex,
} from './text-index.js';
import fc from 'fast-check';
import { openApp } from '../../shell/open-app.js';
import { plainSealer } from '../../store/sealed/sealer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-index-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const QUERIES = [
  'radar',
  'cal',
  '"signal processing"',
  'tag:partner -tag:tech kalman',
  'title:trip',
  'created:>=2024-01-01 antenna',
  'pinned:yes',
];
const answers = (data: StoreData, index: TextIndex) =>
  QUERIES.map((text) =>
    searchNotes(
      data,
      index,
      { text },
      { sort: 'relevance', offset: 0, limit: 1000, facets: true, now: Date.parse('2026-11-25') },
    ),
  );

async function built(data: StoreData, load?: () => ReturnType<typeof readIndexCache>): Promise<TextIndex> {
  const index = new TextIndex();
  await index.build(() => data, load);
  return index;
}

describe('search index cache', () => {
  it('restores a written index that answers exactly like the scan', async () => {
    const data = generateCorpus({ notes: 300, seed: 3 });
    await writeIndexCache(dir, await built(data), plainSealer);
    const restored = await built(data, () => readIndexCache(dir, plainSealer));
    expect(restored.restoredDocs).toBe(300);
    expect(answers(data, restored)).toEqual(answers(data, new TextIndex()));
  });

  it('snapshots in slices what a snapshot in one piece gives, also with edits in tails', async () => {
    let data = generateCorpus({ notes: 250, seed: 5 });
    const index = await built(data);
    expect(await index.snapshotInSlices()).toEqual(index.snapshot());
    const ids = [...data.notes.keys()];
    const e = data.notes.edit();
    e.set(ids[0]!, { ...e.get(ids[0]!)!, body: 'hydrophone zebrafish' });
    e.delete(ids[1]!);
    const next = { ...data, notes: e.done() };
    index.sync(data, next);
    data = next;
    const sliced = await index.snapshotInSlices();
    expect(sliced).toEqual(index.snapshot());
    expect(sliced.docs).not.toContain(ids[1]);
  });

  it('re-indexes notes that changed, appeared or disappeared since the cache was written', async () => {
    const data = generateCorpus({ notes: 200, seed: 4 });
    await writeIndexCache(dir, await built(data), plainSealer);
    const ids = [...data.notes.keys()];
    const notes = data.notes.edit();
    notes.set(ids[0]!, {
      ...notes.get(ids[0]!)!,
      body: 'entirely new words: zebrafish hydrophone',
      updatedAt: '2026-11-24T00:00:00.000Z',
    });
    notes.set(ids[1]!, { ...notes.get(ids[1]!)!, tags: ['renamed/tag'] });
    notes.delete(ids[2]!);
    notes.set('fresh', { ...notes.get(ids[3]!)!, id: 'fresh', title: 'Hydrophone trial' });
    const changed = { ...data, notes: notes.done() };
    const restored = await built(changed, () => readIndexCache(dir, plainSealer));
    expect(restored.restoredDocs).toBe(197); // 200 minus the edited, the retagged and the deleted note
    expect(answers(changed, restored)).toEqual(answers(changed, new TextIndex()));
    expect(
      searchNotes(
        changed,
        restored,
        { text: 'hydrophone tag:renamed' },
        { sort: 'updated', offset: 0, limit: 10 },
      ).total,
    ).toBe(0);
    expect(
      searchNotes(changed, restored, { text: 'hydrophone' }, { sort: 'updated', offset: 0, limit: 10 }).total,
    ).toBe(2);
  });

  it.each([
    ['truncated', async (f: string) => truncate(f, (await stat(f)).size - 3)],
    ['empty', (f: string) => writeFile(f, '')],
    [
      'other magic',
      async (f: string) =>
        writeFile(f, Buffer.concat([Buffer.from('XXXX'), (await readFile(f)).subarray(4)])),
    ],
    [
      'garbage header',
      async (f: string) =>
        writeFile(f, Buffer.concat([(await readFile(f)).subarray(0, 8), Buffer.alloc(64, 0x7b)])),
    ],
    [
      'out-of-range doc number',
      async (f: string) => {
        // The first posting, right after the header, now starts with doc 999,998 (a 3-byte varint gap).
        const b = await readFile(f);
        b.set([0xbf, 0x84, 0x3d], 8 + b.readUInt32LE(4));
        await writeFile(f, b);
      },
    ],
    [
      'out-of-range term number',
      async (f: string) => {
        // The last word of the last phrase sequence (varint bytes) becomes term 2^28 - 1.
        const b = await readFile(f);
        b.set([0xff, 0xff, 0xff, 0x7f], b.length - 4);
        await writeFile(f, b);
      },
    ],
  ])('ignores a %s cache file and rebuilds', async (_name, damage) => {
    const data = generateCorpus({ notes: 100, seed: 5 });
    await writeIndexCache(dir, await built(data), plainSealer);
    await damage(path.join(dir, INDEX_CACHE_FILE));
    expect(await readIndexCache(dir, plainSealer)).toBeNull();
    const index = await built(data, () => readIndexCache(dir, plainSealer));
    expect(index.restoredDocs).toBe(0);
    expect(answers(data, index)).toEqual(answers(data, new TextIndex()));
  });

  it('is written on close and used on the next open', async () => {
    let app = await openApp(dir, 'browser');
    await app.core.loadSample();
    await app.core.startIndexing();
    await app.close();
    expect((await stat(path.join(dir, INDEX_CACHE_FILE))).size).toBeGreaterThan(100);
    app = await openApp(dir, 'browser');
    await app.core.startIndexing();
    expect(app.core.index.restoredDocs).toBe(12);
    expect(app.core.listNotes({ text: 'uberprufung' }).items.map((n) => n.title)).toEqual([
      'Überprüfung der Radom-Materialien',
    ]);
    await app.close();
  });
});

describe('phrase sequences as varints', () => {
  it('decode to the term ids they were encoded from', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 300 }), (ids) => {
        const bytes = encodeSequence(ids, { bytes: new Uint8Array(4) });
        const into = { ids: new Int32Array(1) };
        expect(decodeSequence(bytes, into)).toBe(ids.length);
        expect([...into.ids.subarray(0, ids.length)]).toEqual(ids);
        // A cut-off sequence is refused, not misread.
        if (bytes.length > 0 && bytes.at(-2)! >= 0x80)
          expect(decodeSequence(bytes.subarray(0, -1), into)).toBe(-1);
      }),
    );
  });
});

describe('posting lists as varint gaps', () => {
  const ascending = fc
    .uniqueArray(fc.integer({ min: 0, max: 2 ** 28 }), { maxLength: 300 })
    .map((xs) => xs.sort((a, b) => a - b));
  it('decode to the docs they were encoded from, also when appended to', () => {
    fc.assert(
      fc.property(ascending, fc.nat(), (docs, cut) => {
        const scratch = { bytes: new Uint8Array(2) };
        const bytes = encodePostings(docs, scratch);
        expect(decodePostings(bytes)).toEqual(docs);
        expect(checkPostings(bytes, 2 ** 28 + 1)).toBe(docs.length);
        // Appending: the second part's gaps count from the first part's last doc.
        const at = docs.length ? cut % docs.length : 0;
        const head = encodePostings(docs.slice(0, at), scratch);
        const tail = encodePostings(docs.slice(at), scratch, at > 0 ? docs[at - 1] : -1);
        expect(decodePostings(Buffer.concat([head, tail]))).toEqual(docs);
      }),
    );
  });

  it('are refused when read from disk with a doc out of range, out of order or cut off', () => {
    const scratch = { bytes: new Uint8Array(2) };
    expect(checkPostings(encodePostings([1, 5, 300], scratch), 301)).toBe(3);
    expect(checkPostings(encodePostings([1, 5, 300], scratch), 300)).toBe(-1);
    expect(checkPostings(Uint8Array.from([2, 0]), 10)).toBe(-1); // a zero gap repeats a doc
    expect(checkPostings(encodePostings([1, 300], scratch).subarray(0, 2), 301)).toBe(-1);
  });
});
