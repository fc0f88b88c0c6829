import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteRanges } from './byte-ranges.js';

type Op =
  | { kind: 'set'; at: number; bytes: number[] }
  | { kind: 'adopt'; at: number; bytes: number[] }
  | { kind: 'clear'; at: number }
  | { kind: 'keep'; every: number };

const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 });
// `at` past the end appends (with a gap when far past it): the index appends docs, sets terms anywhere.
const at = fc.nat(60);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at, bytes }),
  fc.record({ kind: fc.constant('adopt' as const), at, bytes }),
  fc.record({ kind: fc.constant('clear' as const), at }),
  fc.record({ kind: fc.constant('keep' as const), every: fc.integer({ min: 1, max: 3 }) }),
);

describe('ByteRanges', () => {
  it('answers every entry like an array of byte strings would, across sets, adoptions, clears and renumbering', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        // Tiny chunks, so entries straddle chunk ends and long ones get chunks of their own.
        let store = new ByteRanges(16);
        let model: (number[] | undefined)[] = [];
        // Adopted views share one buffer, as the index cache's do.
        const shared = new Uint8Array(8192);
        let sharedUsed = 0;
        const place = (i: number, v: number[] | undefined) => {
          while (model.length <= i) model.push(undefined);
          model[i] = v && v.length ? v : undefined;
        };
        for (const o of ops) {
          if (o.kind === 'set') {
            store.set(o.at, Uint8Array.from(o.bytes));
            place(o.at, o.bytes);
          } else if (o.kind === 'adopt') {
            if (sharedUsed + o.bytes.length > shared.length) continue;
            shared.set(o.bytes, sharedUsed);
            store.adopt(o.at, shared.subarray(sharedUsed, (sharedUsed += o.bytes.length)));
            place(o.at, o.bytes);
          } else if (o.kind === 'clear') {
            store.clear(o.at);
            if (o.at < model.length) model[o.at] = undefined;
          } else {
            const live = model.map((_, i) => i).filter((i) => i % o.every === 0);
            store = store.keep(live);
            model = live.map((i) => model[i]);
          }
        }
        expect(store.length).toBe(model.length);
        model.forEach((want, i) => {
          const got = store.get(i);
          expect(got === undefined ? undefined : [...got]).toEqual(want);
          expect(store.size(i)).toBe(want?.length ?? 0);
        });
        expect(store.get(model.length)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps adopted entries where they are instead of copying them', () => {
    const cache = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const store = new ByteRanges();
    store.adopt(0, cache.subarray(0, 2));
    store.adopt(1, cache.subarray(2, 6));
    expect(store.get(1)!.buffer).toBe(cache.buffer);
    cache[3] = 9; // a view, so the store sees it
    expect([...store.get(1)!]).toEqual([3, 9, 5, 6]);
  });
});
