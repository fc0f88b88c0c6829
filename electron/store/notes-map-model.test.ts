/* eslint-disable no-restricted-syntax -- the model here is the plain notes record the store held before */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyStoreData, toStoreFile, type Note, type StoreData, type StoreFile } from '../domain/model.js';
import { diffChanges, notesChanged } from '../domain/changes.js';
import { noteOf, notesOf, withNotes, withoutNotes } from '../domain/note-access.js';
import { applyEntries, diffStates, type JournalEntry } from './journal.js';
import { writeStoreDurably } from './chunked-writer.js';
import { storeBytes } from './budget.js';

// The store held its notes in a plain object until issue 21. These properties run the same changes on
// that plain object (the model, with the journal diff as it was written for it) and on the notes map the
// store holds now, and require the same file bytes, journal lines, sizes and replay.

const T = '2026-01-01T00:00:00.000Z';
const note = (id: string, body: string): Note => ({
  id,
  topicId: null,
  title: `t ${id}`,
  body,
  tags: [],
  pinned: false,
  createdAt: T,
  updatedAt: T,
});

/** Ids as stores have them: random ones, a few reused, array indices (ordered first by objects), odd names. */
const idArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'c', 'n1', 'n2') },
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom('0', '7', '42', '007', '4294967295') },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor') },
);
type Op = { kind: 'put'; id: string; body: string } | { kind: 'purge'; id: string };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('put' as const), id: idArb, body: fc.string() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('purge' as const), id: idArb }) },
);

const define = (o: Record<string, Note>, k: string, v: Note) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

/** Today's way: a copy of the whole notes object per change. */
function applyPlain(file: StoreFile, ops: readonly Op[]): StoreFile {
  const notes = { ...file.notes };
  for (const op of ops) {
    if (op.kind === 'put') define(notes, op.id, note(op.id, op.body));
    else delete notes[op.id];
  }
  return { ...file, notes };
}

/** The same changes through note-access (the map: shares every note it did not change). */
function applyMap(data: StoreData, ops: readonly Op[]): StoreData {
  let next = data;
  for (const op of ops) {
    next = op.kind === 'put' ? withNotes(next, [note(op.id, op.body)]) : withoutNotes(next, [op.id]);
  }
  return next;
}

/**
 * The journal diff as it was written for plain records (model of diffStates without a hint), except that
 * an id named __proto__ is an own key here: the old `delta[id] = …` set the entry's prototype instead and
 * the save of such a note never reached the journal.
 */
function plainDiff(a: StoreFile, b: StoreFile): JournalEntry | null {
  const delta: Record<string, unknown> = {};
  const own = (o: object, k: string) => Object.hasOwn(o, k);
  let any = false;
  for (const id of Object.keys(b.notes))
    if (!own(a.notes, id) || a.notes[id] !== b.notes[id]) {
      Object.defineProperty(delta, id, {
        value: b.notes[id],
        enumerable: true,
        writable: true,
        configurable: true,
      });
      any = true;
    }
  for (const id of Object.keys(a.notes))
    if (!own(b.notes, id)) {
      Object.defineProperty(delta, id, { value: null, enumerable: true, writable: true, configurable: true });
      any = true;
    }
  return any ? { notes: delta } : null;
}

/** Same keys and values, regardless of the order of keys within the entry. */
const sorted = (e: JournalEntry | null) =>
  e && { notes: Object.fromEntries(Object.entries(e.notes ?? {}).sort(([x], [y]) => (x < y ? -1 : 1))) };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-notesmap-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the notes map against the plain object the store held before', () => {
  it('writes byte-identical files and measures them the same, after any sequence of saves', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(opArb, { maxLength: 6 }), { maxLength: 12 }), async (saves) => {
        let plain = toStoreFile(emptyStoreData());
        let data = emptyStoreData();
        for (const ops of saves) {
          plain = applyPlain(plain, ops);
          data = applyMap(data, ops);
        }
        const file = path.join(dir, 'model.json');
        const bytes = await writeStoreDurably(file, data);
        const text = await readFile(file, 'utf8');
        expect(text).toBe(JSON.stringify(plain));
        expect(JSON.stringify(data)).toBe(JSON.stringify(plain));
        expect(storeBytes(data)).toBe(bytes);
        expect([...notesOf(data)]).toEqual(Object.values(plain.notes));
        for (const id of Object.keys(plain.notes)) expect(noteOf(data, id)).toEqual(plain.notes[id]);
      }),
      { numRuns: 150 },
    );
  });

  it('journals the same records per save (hinted or diffed) and replays to the same state', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 30 }),
        fc.array(fc.array(opArb, { maxLength: 6 }), { maxLength: 10 }),
        (first, saves) => {
          let data = applyMap(emptyStoreData(), first);
          let plain = toStoreFile(data);
          expect(JSON.stringify(plain)).toBe(
            JSON.stringify(applyPlain(toStoreFile(emptyStoreData()), first)),
          );
          const start = data;
          const entries: JournalEntry[] = [];
          for (const [i, ops] of saves.entries()) {
            // The same record objects on both sides: a put makes one note object for both.
            const nextData = applyMap(data, ops);
            const nextPlain: StoreFile = { ...plain, notes: nextData.notes.toRecord() };
            const hinted = i % 2 === 0;
            const changes = hinted ? notesChanged(ops.map((o) => o.id)) : undefined;
            const entry = diffStates(data, nextData, changes);
            expect(sorted(entry)).toEqual(sorted(plainDiff(plain, nextPlain)));
            expect([...diffChanges(data, nextData).notes].sort()).toEqual(
              Object.keys(plainDiff(plain, nextPlain)?.notes ?? {}).sort(),
            );
            if (entry) entries.push(JSON.parse(JSON.stringify(entry)) as JournalEntry);
            data = nextData;
            plain = nextPlain;
          }
          // Replay as the journal did over plain records: the same state, in the same order.
          const replayed = applyEntries(start, entries);
          const model = { ...toStoreFile(start), notes: { ...start.notes.toRecord() } };
          for (const e of entries)
            for (const [id, rec] of Object.entries(e.notes ?? {})) {
              if (rec === null) delete model.notes[id];
              else define(model.notes, id, rec as Note);
            }
          expect(JSON.stringify(replayed)).toBe(JSON.stringify(model));
          expect(Object.keys(replayed.notes.toRecord()).sort()).toEqual(
            Object.keys(data.notes.toRecord()).sort(),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
