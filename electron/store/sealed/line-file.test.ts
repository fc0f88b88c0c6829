import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { keySealer, plainSealer } from './sealer.js';
import { openLines, sealLines } from './line-file.js';

const lines = fc.array(
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\n') && s.trim() !== ''),
  { maxLength: 6 },
);

describe('line files through the sealer', () => {
  it('a file cut anywhere reads back as the lines it still holds whole, and an append after the cut reads too', () => {
    const sealer = keySealer(randomBytes(32), { requireSealed: true });
    fc.assert(
      fc.property(lines, fc.nat(), (ls, cutAt) => {
        const text = sealLines(sealer, ls);
        const cut = text.slice(0, cutAt % (text.length + 1));
        const whole = cut.split('\n').length - 1;
        // A cut inside the last line's body may still leave it whole (only its newline gone): at least the
        // lines before it, in order.
        const back = openLines(sealer, cut, 'f');
        expect(ls.slice(0, back.length)).toEqual(back);
        expect(back.length).toBeGreaterThanOrEqual(whole);
        expect(openLines(sealer, cut + sealLines(sealer, ['after']), 'f')).toEqual([...back, 'after']);
      }),
      { numRuns: 400 },
    );
  });

  it('plain lines pass through exactly', () => {
    fc.assert(
      fc.property(lines, (ls) => {
        const text = sealLines(plainSealer, ls);
        expect(text).toBe(ls.map((l) => l + '\n').join(''));
        expect(openLines(plainSealer, text, 'f')).toEqual(ls);
      }),
    );
  });
});
