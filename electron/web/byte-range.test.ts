import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseByteRange } from './byte-range.js';

describe('parseByteRange', () => {
  it('reads the three forms of one range', () => {
    expect(parseByteRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 100 });
    expect(parseByteRange('bytes=500-', 1000)).toEqual({ start: 500, end: 1000 });
    expect(parseByteRange('bytes=-100', 1000)).toEqual({ start: 900, end: 1000 });
    expect(parseByteRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 1000 });
    expect(parseByteRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 1000 });
  });

  it('answers the whole file for what it does not serve, 416 past the end', () => {
    for (const h of [undefined, '', 'bytes=0-1,5-6', 'items=0-1', 'bytes=5-2', 'bytes=-', 'bytes=a-b'])
      expect(parseByteRange(h, 1000), String(h)).toBeNull();
    expect(parseByteRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', 1000)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=0-', 0)).toBe('unsatisfiable');
  });

  it('any answer is a non-empty range inside the file', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.string(), fc.nat(20_000), fc.nat(20_000), (size, junk, a, b) => {
        for (const h of [junk, `bytes=${a}-${b}`, `bytes=${a}-`, `bytes=-${b}`]) {
          const r = parseByteRange(h, size);
          if (r === null || r === 'unsatisfiable') continue;
          expect(r.start).toBeGreaterThanOrEqual(0);
          expect(r.end).toBeLessThanOrEqual(size);
          expect(r.start).toBeLessThan(r.end);
        }
      }),
    );
  });
});
