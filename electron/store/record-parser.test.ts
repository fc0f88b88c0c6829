import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseStoreChunks, StoreTextError } from './record-parser.js';

const COLLECTIONS = new Set(['notes', 'topics', 'savedSearches']);

/** Cuts bytes into pieces at the given (sorted, deduplicated) offsets. */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    pieces.push(bytes.subarray(last, p));
    last = p;
  }
  pieces.push(bytes.subarray(last));
  return pieces;
}

async function viaSplitter(text: string | Buffer, offsets: number[] = []): Promise<unknown> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return parseStoreChunks(cut(bytes, offsets), COLLECTIONS);
}

/** What the old one-string loader accepted: JSON.parse of the whole text, and only an object. */
function viaJsonParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    const value = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false };
    return { ok: true, value };
  } catch {
    return { ok: false };
  }
}

const storeLike = fc.record({
  schemaVersion: fc.oneof(fc.constant(1), fc.jsonValue()),
  notes: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
  topics: fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue()),
  savedSearches: fc.dictionary(fc.string(), fc.jsonValue()),
  settings: fc.jsonValue(),
});

describe('record-by-record store parser', () => {
  it('reads what JSON.parse reads, however the bytes are cut and indented', async () => {
    await fc.assert(
      fc.asyncProperty(
        storeLike,
        fc.constantFrom(undefined, 1, 2, '\t'),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (store, indent, offsets) => {
          const text = JSON.stringify(store, null, indent);
          expect(await viaSplitter(text, offsets)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts exactly the texts JSON.parse accepts (mutated store texts)', async () => {
    const mutation = fc.record({
      at: fc.nat(),
      del: fc.nat({ max: 3 }),
      insert: fc.constantFrom('', '{', '}', '[', ']', '"', '\\', ',', ':', ' ', '1', 'x', '\n', '\\"', '"a"'),
    });
    await fc.assert(
      fc.asyncProperty(
        storeLike,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        async (store, mutations, offsets) => {
          let text = JSON.stringify(store);
          for (const m of mutations) {
            const at = m.at % (text.length + 1);
            text = text.slice(0, at) + m.insert + text.slice(at + m.del);
          }
          // Cutting a string may split a surrogate pair; compare on what the UTF-8 bytes say.
          text = Buffer.from(text, 'utf8').toString('utf8');
          const expected = viaJsonParse(text);
          let actual: { ok: true; value: unknown } | { ok: false };
          try {
            actual = { ok: true, value: await viaSplitter(text, offsets) };
          } catch (err) {
            expect(err).toBeInstanceOf(StoreTextError);
            actual = { ok: false };
          }
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps JSON.parse semantics for duplicate keys and __proto__', async () => {
    const text = '{"notes":{"a":1,"__proto__":{"x":1},"a":2},"notes":{"b":3},"settings":{"__proto__":5}}';
    const value = (await viaSplitter(text)) as Record<string, unknown>;
    expect(value).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('names the line and column of a break, and tells invalid UTF-8 from broken JSON', async () => {
    const broken = viaSplitter('{\n  "notes": {\n    "a": {"id": tru}\n  }\n}', [5, 20]);
    await expect(broken).rejects.toMatchObject({ kind: 'json', line: 3 });
    const truncated = viaSplitter('{"schemaVersion":1,"topics":{},"notes":{"a":{"id":"a"');
    await expect(truncated).rejects.toMatchObject({ kind: 'json', line: 1 });
    const badUtf8 = viaSplitter(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    await expect(badUtf8).rejects.toMatchObject({ kind: 'utf8' });
    await expect(viaSplitter('  \n')).rejects.toMatchObject({ kind: 'empty' });
    // A byte-order mark at the start is fine, as it was for the whole-file decoder.
    expect(await viaSplitter('\uFEFF{"a":1}', [1, 2])).toEqual({ a: 1 });
  });
});
