import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SequenceStore } from './sequence-store.js';

type Op =
  | { kind: 'put'; bytes: number[] }
  | { kind: 'adopt'; bytes: number[] }
  | { kind: 'clear'; at: number }
  | { kind: 'keep'; every: number };

const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), bytes }),
  fc.record({ kind: fc.constant('adopt' as const), bytes }),
  fc.record({ kind: fc.constant('clear' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('keep' as const), every: fc.integer({ min: 1, max: 3 }) }),
);

describe('SequenceStore', () => {
  it('answers every doc like an array of sequences would, across puts, adoptions, clears and renumbering', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        // Tiny chunks, so sequences straddle chunk ends and long ones get chunks of their own.
        let store = new SequenceStore(16);
        let model: (number[] | undefined)[] = [];
        // Adopted views share one buffer, as the index cache's do.
        const shared = new Uint8Array(4096);
        let sharedUsed = 0;
        for (const o of ops) {
          if (o.kind === 'put') {
            store.put(Uint8Array.from(o.bytes));
            model.push(o.bytes.length ? o.bytes : undefined);
          } else if (o.kind === 'adopt') {
            if (sharedUsed + o.bytes.length > shared.length) continue;
            shared.set(o.bytes, sharedUsed);
            store.adopt(shared.subarray(sharedUsed, (sharedUsed += o.bytes.length)));
            model.push(o.bytes.length ? o.bytes : undefined);
          } else if (o.kind === 'clear') {
            if (model.length === 0) continue;
            store.clear(o.at % model.length);
            model[o.at % model.length] = undefined;
          } else {
            const live = model.map((_, i) => i).filter((i) => i % o.every === 0);
            store = store.keep(live);
            model = live.map((i) => model[i]);
          }
        }
        expect(store.length).toBe(model.length);
        model.forEach((want, doc) => {
          const got = store.get(doc);
          expect(got === undefined ? undefined : [...got]).toEqual(want);
        });
        expect(store.get(model.length)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps adopted sequences where they are instead of copying them', () => {
    const cache = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const store = new SequenceStore();
    store.adopt(cache.subarray(0, 2));
    store.adopt(cache.subarray(2, 6));
    expect(store.get(1)!.buffer).toBe(cache.buffer);
    cache[3] = 9; // a view, so the store sees it
    expect([...store.get(1)!]).toEqual([3, 9, 5, 6]);
  });
});
