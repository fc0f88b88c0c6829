import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChunkedMap, isIndexKey } from './chunked-map.js';

// The model is the plain object the store used to hold its notes in: ChunkedMap must iterate, look up
// and serialise exactly as it does, whatever sequence of puts and deletes built it.

type Op = { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string };

const put = (o: Record<string, number>, k: string, v: number) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

/** Keys as a store meets them: random ids, a few reused often, array indices and near-misses, odd names. */
const keyArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('a', 'b', 'c', 'n0000001', 'x-y', 'Zq9') },
  { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('0', '1', '7', '10', '42', '01', '00', '4294967294', '4294967295', '-1'),
  },
  { weight: 1, arbitrary: fc.nat({ max: 5000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty') },
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('set' as const), key: keyArb, value: fc.integer() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: keyArb }) },
);

function applyModel(model: Record<string, number>, op: Op): void {
  if (op.kind === 'set') put(model, op.key, op.value);
  else delete model[op.key];
}

function applyMap(map: ChunkedMap<number>, op: Op, batch?: ReturnType<ChunkedMap<number>['edit']>) {
  if (batch) {
    if (op.kind === 'set') batch.set(op.key, op.value);
    else batch.delete(op.key);
    return map;
  }
  return op.kind === 'set' ? map.set(op.key, op.value) : map.delete(op.key);
}

function expectSame(map: ChunkedMap<number>, model: Record<string, number>): void {
  expect([...map.entries()]).toEqual(Object.entries(model));
  expect([...map.keys()]).toEqual(Object.keys(model));
  expect([...map.values()]).toEqual(Object.values(model));
  expect(map.toArray()).toEqual(Object.values(model));
  expect(map.size).toBe(Object.keys(model).length);
  expect(JSON.stringify(map)).toBe(JSON.stringify(model));
  for (const k of Object.keys(model)) {
    expect(map.has(k)).toBe(true);
    expect(map.get(k)).toBe(model[k]);
  }
}

/** The ids whose value differs between two plain records (what changedSince must report, in any order). */
function modelDiff(a: Record<string, number>, b: Record<string, number>): string[] {
  const out = new Set<string>();
  for (const k of Object.keys(b)) if (!Object.hasOwn(a, k) || a[k] !== b[k]) out.add(k);
  for (const k of Object.keys(a)) if (!Object.hasOwn(b, k)) out.add(k);
  return [...out].sort();
}

describe('ChunkedMap against a plain object', () => {
  it('iterates, looks up and serialises as the object does after any puts and deletes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), (ops) => {
        const model: Record<string, number> = {};
        let map = ChunkedMap.empty<number>();
        for (const op of ops) {
          applyModel(model, op);
          map = applyMap(map, op);
        }
        expectSame(map, model);
        for (const op of ops) if (!Object.hasOwn(model, op.key)) expect(map.has(op.key)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a batch edit gives the same map as one change at a time, and leaves the original untouched', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 200 }),
        fc.array(opArb, { maxLength: 200 }),
        (first, batch) => {
          const model: Record<string, number> = {};
          let map = ChunkedMap.empty<number>();
          for (const op of first) {
            applyModel(model, op);
            map = applyMap(map, op);
          }
          const before = { ...model };
          const beforeEntries = [...map.entries()];
          const e = map.edit();
          for (const op of batch) {
            applyModel(model, op);
            applyMap(map, op, e);
          }
          const after = e.done();
          expectSame(after, model);
          expect([...map.entries()]).toEqual(beforeEntries);
          expect(Object.entries(before)).toEqual(beforeEntries);
          expect(() => e.set('late', 1)).toThrow();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fromRecord keeps the record order and the record round-trips', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const model: Record<string, number> = {};
        for (const op of ops) applyModel(model, op);
        const map = ChunkedMap.fromRecord(model);
        expectSame(map, model);
        expect(Object.entries(map.toRecord())).toEqual(Object.entries(model));
        expect(ChunkedMap.from(Object.entries(model)).toArray()).toEqual(Object.values(model));
      }),
    );
  });

  it('changedSince names exactly the keys whose value differs, also across unrelated maps', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 600 }),
        fc.array(opArb, { maxLength: 60 }),
        fc.boolean(),
        (base, more, unrelated) => {
          const a: Record<string, number> = {};
          let mapA = ChunkedMap.empty<number>();
          for (const op of base) {
            applyModel(a, op);
            mapA = applyMap(mapA, op);
          }
          const b = { ...a };
          let mapB = unrelated ? ChunkedMap.fromRecord(a) : mapA;
          for (const op of more) {
            applyModel(b, op);
            mapB = applyMap(mapB, op);
          }
          expect([...new Set(mapB.changedSince(mapA))].sort()).toEqual(modelDiff(a, b));
          expect([...new Set(mapA.changedSince(mapB))].sort()).toEqual(modelDiff(b, a));
          const diff = modelDiff(a, b);
          if (diff.length > 2) expect(mapB.changedSince(mapA, 1)).toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('grows past many chunks and bucket doublings and compacts after mass deletes', () => {
    const model: Record<string, number> = {};
    let map = ChunkedMap.empty<number>();
    for (let i = 0; i < 5000; i++) {
      put(model, `k${i}`, i);
      map = map.set(`k${i}`, i);
    }
    expectSame(map, model);
    const e = map.edit();
    for (let i = 0; i < 5000; i += 3) {
      delete model[`k${i}`];
      e.delete(`k${i}`);
    }
    for (let i = 0; i < 4000; i++) {
      delete model[`k${i}`];
      e.delete(`k${i}`);
    }
    const small = e.done();
    expectSame(small, model);
    for (let i = 0; i < 300; i++) {
      put(model, `k${i}`, -i);
      map = small.set(`k${i}`, -i);
    }
    expectSame(small.edit().done(), Object.fromEntries(Object.entries(model).filter(([k]) => small.has(k))));
  });

  it('a save of one value shares every other chunk (the cost of a save does not grow with the map)', () => {
    const map = ChunkedMap.from(Array.from({ length: 20_000 }, (_, i): [string, number] => [`id${i}`, i]));
    const next = map.set('id123', -1);
    expect(next.changedSince(map)).toEqual(['id123']);
    expect(map.get('id123')).toBe(123);
    expect(next.set('id123', -1)).toBe(next);
    expect(next.delete('missing')).toBe(next);
  });
});

describe('isIndexKey', () => {
  it('is what V8 orders first in a plain object', () => {
    fc.assert(
      fc.property(keyArb, (k) => {
        const o = { zz: 1 } as Record<string, number>;
        put(o, k, 2);
        const first = Object.keys(o)[0] === k && k !== 'zz';
        expect(isIndexKey(k)).toBe(first);
      }),
    );
  });
});
