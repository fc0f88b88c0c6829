import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sortInSlices } from './slices.js';

describe('sortInSlices', () => {
  it('gives what a stable sort in one piece gives, ties in their original order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.nat()), { maxLength: 5000 }),
        fc.boolean(),
        async (items, descending) => {
          const cmp = (a: [number, number], b: [number, number]) => (descending ? b[0] - a[0] : a[0] - b[0]);
          const before = items.slice();
          expect(await sortInSlices(items, cmp)).toEqual(items.slice().sort(cmp));
          expect(items).toEqual(before);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lets other work run between slices', async () => {
    const items = Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 40_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const sorted = await sortInSlices(items, (a, b) => a - b, 0);
    clearInterval(timer);
    expect(sorted).toEqual(items.slice().sort((a, b) => a - b));
    expect(ticks).toBeGreaterThan(2);
  });
});
