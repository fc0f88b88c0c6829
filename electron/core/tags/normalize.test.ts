import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeTag, normalizeTags, parseTag, tagWithin } from './normalize.js';

describe('tag normalisation', () => {
  it.each([
    ['  Partner/Fraunhofer ', 'partner/fraunhofer'],
    ['#Tech//Radar/', 'tech/radar'],
    ['status / action needed', 'status/action-needed'],
    ['country/Türkiye', 'country/türkiye'],
    ['partner/카이스트', 'partner/카이스트'],
    ['tech/c++', 'tech/c++'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeTag(raw)).toBe(expected);
  });

  it.each(['', '  ', '///', 'a,b', 'review:legal', 'x<script>', 'a#b'])('rejects %j with a reason', (raw) => {
    const r = parseTag(raw);
    expect(r.ok).toBe(false);
    expect(() => normalizeTag(raw)).toThrow(/tag/);
  });

  const tagArb = fc.stringMatching(/^[ #]?[A-Za-zÄÖÜäöüß0-9 _.+&/-]{1,30}$/).filter((s) => parseTag(s).ok);

  it('is idempotent', () => {
    fc.assert(
      fc.property(tagArb, (raw) => {
        const once = normalizeTag(raw);
        expect(normalizeTag(once)).toBe(once);
      }),
    );
  });

  it('is order-insensitive and deduplicating for lists', () => {
    fc.assert(
      fc.property(fc.array(tagArb, { maxLength: 12 }), fc.integer(), (tags, seed) => {
        const shuffled = [...tags, ...tags].sort(
          (a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7),
        );
        const a = normalizeTags(tags);
        expect(normalizeTags(shuffled)).toEqual(a);
        expect(new Set(a).size).toBe(a.length);
        expect(normalizeTags(a)).toEqual(a);
      }),
    );
  });

  it('nests with /', () => {
    expect(tagWithin('partner/kaist', 'partner')).toBe(true);
    expect(tagWithin('partner', 'partner')).toBe(true);
    expect(tagWithin('partners/x', 'partner')).toBe(false);
  });
});
