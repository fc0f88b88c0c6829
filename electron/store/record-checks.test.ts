import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SCHEMA_VERSION } from '../domain/model.js';
import { DossierError } from '../domain/errors.js';
import { loadStoreFile, type Loaded } from './load.js';
import { NotePacker } from './packed-notes.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-record-checks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const date = fc.constantFrom('2026-01-01T00:00:00.000Z', '2025-06-30T12:00:00.000Z');
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.constantFrom('radar '.repeat(20), '한국어 메모 '.repeat(20)),
);
const note = fc.record(
  {
    id: fc.stringMatching(/^[a-z0-9]{1,8}$/),
    topicId: fc.option(fc.constantFrom('t1', 't2'), { nil: null }),
    title: fc.string({ maxLength: 20 }),
    body: text,
    tags: fc.array(fc.constantFrom('partner/kaist', 'x'), { maxLength: 2 }),
    pinned: fc.boolean(),
    marking: fc.constantFrom('INTERNAL'),
    createdAt: date,
    updatedAt: date,
    deletedAt: date,
    folder: fc.constantFrom('a/b'),
  },
  { requiredKeys: ['id', 'topicId', 'title', 'body', 'tags', 'pinned', 'createdAt', 'updatedAt'] },
);
const topic = fc.record({
  id: fc.constantFrom('t1', 't2'),
  name: fc.string({ minLength: 1, maxLength: 10 }),
  description: fc.string({ maxLength: 10 }),
  partners: fc.array(fc.constantFrom('KAIST', 'ETRI'), { maxLength: 2 }),
  status: fc.constantFrom('planned', 'active', 'concluded'),
  createdAt: date,
  updatedAt: date,
});
const search = fc.record({
  id: fc.constantFrom('s1', 's2'),
  name: fc.string({ minLength: 1, maxLength: 10 }),
  query: fc.string({ maxLength: 10 }),
  createdAt: date,
});

/** A record as JSON text, valid or broken in one of the ways a hand-edited file breaks. */
function recordText(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> {
  return fc
    .tuple(
      valid,
      fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom('keep', 'extra') },
        { weight: 1, arbitrary: fc.constantFrom('drop', 'wrong', 'scalar') },
      ),
      fc.nat(),
      fc.jsonValue(),
    )
    .map(([rec, how, n, junk]) => {
      const keys = Object.keys(rec);
      const key = keys[n % keys.length]!;
      const copy: Record<string, unknown> = { ...rec };
      if (how === 'drop') delete copy[key];
      if (how === 'wrong') copy[key] = typeof copy[key] === 'string' ? 7 : 'x';
      if (how === 'extra') copy.unknownField = junk;
      return how === 'scalar' ? JSON.stringify(junk) : JSON.stringify(copy);
    });
}

/**
 * A collection as JSON text: id → record, duplicate ids allowed (the later one wins, as in JSON.parse). Not
 * `__proto__`: zod's whole-store parse assigns it, which sets the map's prototype and loses the record;
 * record by record it stays an own property, as JSON.parse has it.
 */
function collectionText(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> {
  return fc
    .oneof(
      {
        weight: 19,
        arbitrary: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', '7', 'n1'), recordText(valid)), {
          maxLength: 4,
        }),
      },
      { weight: 1, arbitrary: fc.jsonValue().map((v) => [v] as const) },
    )
    .map((entries) =>
      entries.length === 1 && !Array.isArray(entries[0])
        ? JSON.stringify(entries[0])
        : `{${(entries as [string, string][]).map(([id, rec]) => `${JSON.stringify(id)}:${rec}`).join(',')}}`,
    );
}

/** A whole store file: fields in any order, sometimes repeated, the version sometimes old or after the records. */
const storeText = fc
  .tuple(
    fc.constantFrom<unknown>(SCHEMA_VERSION, SCHEMA_VERSION, SCHEMA_VERSION, 3, 1, 'x'),
    collectionText(note),
    collectionText(topic),
    collectionText(search),
    fc.constantFrom('{}', '{}', '{}', '[]'),
    fc.constantFrom(
      '{"trashRetentionDays":30,"attachmentLimitBytes":1000}',
      '{"trashRetentionDays":30,"attachmentLimitBytes":1000}',
      '{"trashRetentionDays":0}',
    ),
    fc.array(fc.nat(), { minLength: 6, maxLength: 8 }),
  )
  .map(([version, notes, topics, searches, attachments, settings, order]) => {
    const fields: [string, string][] = [
      ['schemaVersion', JSON.stringify(version)],
      ['notes', notes],
      ['topics', topics],
      ['savedSearches', searches],
      ['attachments', attachments],
      ['settings', settings],
    ];
    // Mostly our writer's order (version first); else shuffled by `order`, with a field now and then twice.
    const first = order[0]! % 3 !== 0;
    const picked = first ? fields : order.map((i) => fields[i % fields.length]!);
    const all = first ? picked : [...picked, ...fields.filter((f) => !picked.includes(f))];
    return `{${all.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
  });

type Outcome = { ok: true; json: string; loaded: Loaded } | { ok: false; code: string };

async function load(file: string, options: Parameters<typeof loadStoreFile>[1]): Promise<Outcome> {
  try {
    const loaded = await loadStoreFile(file, { quarantine: false, ...options });
    return { ok: true, json: JSON.stringify(loaded?.data), loaded };
  } catch (err) {
    expect(err).toBeInstanceOf(DossierError);
    return { ok: false, code: (err as DossierError).code };
  }
}

describe('loading record by record', () => {
  it('gives the same store (or the same refusal) as checking the whole store at the end', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(storeText, async (content) => {
        const file = path.join(dir, `store-${n++}.json`);
        await writeFile(file, content);
        const whole = await load(file, { wholeStore: true });
        const records = await load(file, {});
        const packed = await load(file, { packer: new NotePacker() });
        for (const r of [records, packed]) {
          expect(r.ok).toBe(whole.ok);
          if (r.ok && whole.ok) {
            expect(r.json).toBe(whole.json);
            expect(r.loaded).toEqual(whole.loaded);
          }
          if (!r.ok && !whole.ok) expect(r.code).toBe(whole.code);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('packs the notes it reads, and names the record and field of a bad one', async () => {
    const body = 'a long enough body for packing, '.repeat(4);
    const ok = {
      id: 'n1',
      topicId: null,
      title: 'One',
      body,
      tags: [],
      pinned: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const store = {
      schemaVersion: SCHEMA_VERSION,
      topics: {},
      notes: { n1: ok, n2: { ...ok, id: 'n2', title: 5 } as Record<string, unknown> },
      savedSearches: {},
      attachments: {},
      settings: { trashRetentionDays: 30, attachmentLimitBytes: 1000 },
    };
    const file = path.join(dir, 'bad-record.json');
    await writeFile(file, JSON.stringify(store));
    await expect(loadStoreFile(file, { quarantine: false })).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(/unexpected shape at notes\.n2\.title: /),
    });
    store.notes.n2 = { ...ok, id: 'n2' };
    await writeFile(file, JSON.stringify(store));
    const packer = new NotePacker();
    const loaded = await loadStoreFile(file, { quarantine: false, packer });
    expect(packer.bytes).toBe(2 * body.length);
    expect(loaded?.data.notes.get('n2')?.body).toBe(body);
    expect(Object.getOwnPropertyDescriptor(loaded?.data.notes.get('n1'), 'body')?.get).toBeTypeOf('function');
  });

  it('refuses a record that is not JSON with its line and column', async () => {
    const file = path.join(dir, 'bad-json.json');
    const good = (id: string) =>
      `"${id}":{"id":"${id}","topicId":null,"title":"t","body":"b","tags":[],"pinned":false,"createdAt":"2026-01-01T00:00:00.000Z","updatedAt":"2026-01-01T00:00:00.000Z"}`;
    await writeFile(
      file,
      `{"schemaVersion":${SCHEMA_VERSION},\n"topics":{},\n"notes":{\n${good('a')},\n  "b":{"id":"b","title":tru}\n}}`,
    );
    await expect(loadStoreFile(file, { quarantine: false })).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      // Node 20's JSON.parse names no offset for a bad token, so the position is the broken record's start.
      details: { position: { line: 5, column: 7 } },
    });
  });
});
