import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  emptyStoreData,
  fromStoreFile,
  noteSchema,
  toStoreFile,
  type Note,
  type StoreData,
} from '../domain/model.js';
import { bodyLength, packNotes } from './packed-notes.js';
import { openStore, STORE_FILE } from './open-store.js';
import { notesChanged } from '../domain/changes.js';

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.constantFrom(
    '',
    'a'.repeat(63),
    'b'.repeat(64),
    '한국어 메모 '.repeat(30),
    'emoji 🛰️ '.repeat(20),
    'lone \ud800 surrogate '.repeat(10),
  ),
);
const noteArb = fc.record(
  {
    id: fc.stringMatching(/^[a-z0-9]{1,12}$/),
    topicId: fc.option(fc.constantFrom('t1', 't2'), { nil: null }),
    title: fc.string({ maxLength: 40 }),
    body: text,
    tags: fc.array(fc.constantFrom('partner/kaist', 'activity/meeting', 'x'), { maxLength: 3 }),
    pinned: fc.boolean(),
    createdAt: fc.constant('2026-01-01T00:00:00.000Z'),
    updatedAt: fc.constant('2026-01-02T00:00:00.000Z'),
    deletedAt: fc.constant('2026-01-03T00:00:00.000Z'),
  },
  { requiredKeys: ['id', 'topicId', 'title', 'body', 'tags', 'pinned', 'createdAt', 'updatedAt'] },
);

function storeOf(notes: Note[]): StoreData {
  const data = emptyStoreData();
  for (const n of notes) data.notes = data.notes.set(n.id, n);
  return data;
}

describe('packed notes (bodies as UTF-8 outside the heap)', () => {
  it('keep every note equal to the plain one for every way the app reads it', () => {
    fc.assert(
      fc.property(fc.array(noteArb, { maxLength: 20 }), (notes) => {
        const plain = storeOf(notes);
        const expected = JSON.stringify(plain);
        const packed = fromStoreFile(structuredClone(toStoreFile(plain)));
        packNotes(packed);
        for (const [id, n] of packed.notes) {
          const p = plain.notes.get(id)!;
          expect(n.body).toBe(p.body);
          expect(bodyLength(n)).toBe(p.body.length);
          expect({ ...n }).toEqual(p);
          expect(Object.keys(n)).toEqual(Object.keys(p));
          expect(structuredClone(n)).toEqual(p);
          expect(noteSchema.parse(n)).toEqual(p);
        }
        expect(JSON.stringify(packed)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('holds long bodies outside the JS heap and interns repeated tags', () => {
    const notes = Array.from({ length: 50 }, (_, i) => ({
      id: `n${i}`,
      topicId: 't1',
      title: `note ${i}`,
      body: `Seeker 레이더 calibration ${i} `.repeat(20),
      tags: JSON.parse('["partner/kaist","activity/meeting"]') as string[],
      pinned: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    }));
    const data = storeOf(notes);
    const bytes = packNotes(data);
    expect(bytes).toBe(notes.reduce((s, n) => s + Buffer.byteLength(n.body), 0));
    const [a, b] = [data.notes.get('n1')!, data.notes.get('n2')!];
    expect(a.tags[0]).toBe(b.tags[0]);
    expect(Object.getOwnPropertyDescriptor(a, 'body')?.get).toBeTypeOf('function');
  });

  it('a store opened with packed notes saves, compacts and reopens to the same notes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-packed-'));
    try {
      const notes = fc.sample(noteArb, { numRuns: 60, seed: 7 }).map((n, i) => ({ ...n, id: `n${i}` }));
      await writeFile(path.join(dir, STORE_FILE), JSON.stringify(storeOf(notes)));
      const store = await openStore(dir);
      const current = store.get();
      const edited = { ...current.notes.get('n3')!, body: current.notes.get('n3')!.body + ' edited' };
      await store.commit({ ...current, notes: current.notes.set('n3', edited) }, notesChanged(['n3']));
      await store.compactNow();
      const expected = JSON.parse(JSON.stringify(store.get())) as StoreData;
      await store.close();
      const again = await openStore(dir);
      expect(JSON.parse(JSON.stringify(again.get()))).toEqual(expected);
      expect(again.get().notes.get('n3')!.body).toBe(edited.body);
      await again.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
