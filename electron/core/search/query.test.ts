import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { highlightTerms, parseQuery, printQuery } from './query.js';

const read = (q: string) => printQuery(parseQuery(q));

describe('query parser', () => {
  it.each([
    ['radar seeker', 'radar seeker'],
    ['Überprüfung', 'uberprufung'],
    ['"Exact  Phrase"', '"exact phrase"'],
    ['co-development', '"co development"'],
    ['-draft', '-draft'],
    ['-tag:status/done radar', '-tag:status/done radar'],
    ['radar OR sonar', 'radar OR sonar'],
    ['a b OR c', '(a b) OR c'],
    ['(radar OR sonar) kaist', '(radar OR sonar) kaist'],
    ['-(a OR b)', '-(a OR b)'],
    ['tag:partner/kaist', 'tag:partner/kaist'],
    ['tag:partner/*', 'tag:partner/*'],
    ['topic:"Seeker co-development"', 'topic:"Seeker co-development"'],
    ['partner:kaist status:active pinned:yes', 'partner:kaist status:active pinned:yes'],
    ['created:>=2025-01-01 updated:<30d', 'created:>=2025-01-01 updated:<30d'],
    ['title:radar in:trash', 'title:radar in:trash'],
    ['TAG:X', 'tag:X'],
    ['unknown:field', '"unknown field"'],
    // degrade gracefully
    ['"unterminated phrase', '"unterminated phrase"'],
    ['(radar OR sonar', 'radar OR sonar'],
    ['radar)) seeker', 'radar seeker'],
    ['OR OR radar OR', 'radar'],
    ['- -', ''],
    ['tag:', ''],
    ['()', ''],
    ['', ''],
    ['   ', ''],
  ])('%j is read as %j', (input, expected) => {
    expect(read(input)).toBe(expected);
  });

  it('builds the expected tree for a mixed query', () => {
    expect(parseQuery('radar -tag:draft (kaist OR fhr)')).toEqual({
      type: 'and',
      children: [
        { type: 'word', value: 'radar' },
        { type: 'not', child: { type: 'field', field: 'tag', op: '', value: 'draft' } },
        {
          type: 'or',
          children: [
            { type: 'word', value: 'kaist' },
            { type: 'word', value: 'fhr' },
          ],
        },
      ],
    });
  });

  it('highlights positive words and phrases only', () => {
    expect(highlightTerms(parseQuery('Radar "signal processing" -jamming tag:x title:Kalman'))).toEqual([
      'radar',
      'signal processing',
      'kalman',
    ]);
  });

  const pieces = fc.constantFrom(
    'radar',
    'Ümlaut',
    '레이더',
    '"',
    '(',
    ')',
    '-',
    ' ',
    'OR',
    'tag:',
    'topic:',
    'created:>=',
    'updated:<',
    '30d',
    'partner/kaist',
    '*',
    ':',
    'a-b',
    '\t',
    '""',
    'in:trash',
    '>',
    'x',
  );
  const queryArb = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.array(pieces, { maxLength: 25 }).map((p) => p.join('')),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  );

  it('never throws on any input', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        parseQuery(q);
        highlightTerms(parseQuery(q));
      }),
      { numRuns: 3000 },
    );
  });

  it('printing and re-parsing is stable', () => {
    fc.assert(
      fc.property(queryArb, (q) => {
        const printed = read(q);
        expect(read(printed)).toBe(printed);
      }),
      { numRuns: 3000 },
    );
  });

  it('survives pathological nesting and length', () => {
    expect(() => parseQuery('('.repeat(5000) + 'radar' + ')'.repeat(5000))).not.toThrow();
    expect(read('"'.repeat(3001))).toBe('');
  });
});
