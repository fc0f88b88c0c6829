import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeSnippet } from './snippet.js';

const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(12);

describe('snippet', () => {
  it('shows a matched phrase that the body breaks over a line', () => {
    const body = `${filler}\nThe team reviewed the signal\nprocessing chain in detail.\n${filler}`;
    expect(makeSnippet(body, ['signal processing'])).toContain('signal processing chain');
  });

  it('shows a matched phrase written with a hyphen', () => {
    const body = `${filler}\nNotes on the co-development plan.\n${filler}`;
    expect(makeSnippet(body, ['co development'])).toContain('co-development plan');
  });

  it('shows an accented word far into the body', () => {
    const body = `${filler}${filler}\n## Überprüfung der Radom-Materialien\n${filler}`;
    expect(makeSnippet(body, ['uberprufung'])).toContain('Überprüfung der Radom');
  });

  it('keeps the start of the body when nothing matches', () => {
    const body = `Start here. ${filler}`;
    expect(makeSnippet(body, ['absent']).startsWith('Start here.')).toBe(true);
  });

  it('contains any single word it was asked to find, wherever it is', () => {
    fc.assert(
      fc.property(fc.nat(3000), fc.constantFrom('radar', 'Kalman', 'Überprüfung', 'ärger'), (at, word) => {
        const text = 'x '.repeat(1500);
        const body = `${text.slice(0, at)} ${word} ${text.slice(at)}`;
        const folded = word
          .normalize('NFD')
          .replace(/\p{M}+/gu, '')
          .toLowerCase();
        expect(makeSnippet(body, [folded])).toContain(word);
      }),
      { numRuns: 200 },
    );
  });
});
