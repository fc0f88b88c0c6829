import { describe, expect, it } from 'vitest';
import { ChunkedMap } from '../../domain/chunked-map.js';
import fc from 'fast-check';
import type { Note } from '../../domain/model.js';
import { parseQuery } from './query.js';
import { editDistance, explainQuery, queryHints } from './explain.js';

function note(id: string, tags: string[], deletedAt?: string): Note {
  const n: Note = {
    id,
    topicId: null,
    title: '',
    body: '',
    tags,
    pinned: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
  if (deletedAt) n.deletedAt = deletedAt;
  return n;
}

const notes = ChunkedMap.fromRecord<Note>({
  a: note('a', ['partner/kaist', 'tech/radar']),
  b: note('b', ['partner/fhr', 'status/action-needed']),
  c: note('c', ['gone/old'], '2025-02-01T00:00:00.000Z'),
});

const meaning = (q: string) => explainQuery(parseQuery(q));
const hints = (q: string) => queryHints(q, parseQuery(q), notes);

describe('query explainer', () => {
  it.each([
    ['', 'all notes'],
    ['tag:partner/* -draft', 'notes tagged partner/* and not containing "draft"'],
    ['radar', 'notes containing "radar"'],
    ['"signal processing"', 'notes containing the phrase "signal processing"'],
    ['tag:partner/kaist', 'notes tagged partner/kaist (or nested)'],
    ['radar OR sonar', 'notes containing "radar" or containing "sonar"'],
    ['kaist (radar OR sonar)', 'notes containing "kaist" and (containing "radar" or containing "sonar")'],
    ['-(a OR b)', 'notes not (containing "a" or containing "b")'],
    ['topic:"Seeker co-development"', 'notes in topic "Seeker co-development"'],
    ['partner:kaist status:active', 'notes with partner "kaist" and in a topic with status active'],
    ['pinned:yes', 'notes pinned'],
    ['pinned:no', 'notes not pinned'],
    ['updated:<30d', 'notes updated in the last 30 days'],
    ['updated:>1y', 'notes updated more than 1 year ago'],
    ['created:>=2025-01-01', 'notes created on or after 2025-01-01'],
    ['created:<2025-01-01', 'notes created before 2025-01-01'],
    ['title:radar', 'notes with "radar" in the title'],
    ['in:trash', 'notes in the trash'],
    ['linksto:"Action list"', 'notes linking to "Action list"'],
    ['linkedfrom:Minutes -has:links', 'notes linked from "Minutes" and not with links'],
    ['orphan:yes', 'notes without links in or out'],
    ['prop:due', 'notes with property "due"'],
    [
      'prop:due<2026-01-01 prop:review-state=approved',
      'notes with property "due" under 2026-01-01 and with property "review-state" equal to approved',
    ],
  ])('%j means %j', (q, expected) => {
    expect(meaning(q)).toBe(expected);
  });
});

describe('query hints', () => {
  it('suggests the nearest field for an unknown one, with the corrected query', () => {
    expect(hints('titel:radar kaist')).toEqual([
      { message: 'Unknown field titel: (read as words) — did you mean title:?', fix: 'title:radar kaist' },
    ]);
    expect(hints('-tga:x')[0]?.fix).toBe('-tag:x');
  });

  it('names an unknown field without a close match and lists the fields', () => {
    const [h] = hints('colour:red');
    expect(h?.message).toMatch(/^Unknown field colour: is read as words\. Fields: tag, topic/);
    expect(h?.fix).toBeUndefined();
  });

  it('ignores known fields, quoted text, URLs and times', () => {
    expect(hints('tag:partner/kaist "titel:x" https://example.org 10:30 title:radar')).toEqual([]);
  });

  it('reports a tag no live note carries, with the nearest existing tag', () => {
    expect(hints('tag:partnr/* radar')).toEqual([
      { message: 'No tag partnr/* — did you mean partner/*?', fix: 'tag:partner/* radar' },
    ]);
    expect(hints('-tag:tech/radr')).toEqual([
      { message: 'No tag tech/radr — did you mean tech/radar?', fix: '-tag:tech/radar' },
    ]);
    // only in the trash: counts as missing
    expect(hints('tag:gone/old')[0]?.message).toMatch(/^No tag gone\/old/);
    expect(hints('tag:zzzzzzzz')).toEqual([{ message: 'No tag zzzzzzzz' }]);
  });

  it('accepts parents of existing tags and nested wildcards that have children', () => {
    expect(hints('tag:partner tag:partner/* tag:PARTNER/KAIST')).toEqual([]);
    expect(hints('tag:partner/kaist/*')[0]?.message).toMatch(/^No tag partner\/kaist\/\*/);
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120 }),
        fc.array(fc.constantFrom('tag:', 'titel:', '"', '(', ')', '-', 'OR', ' ', '/*', ':', 'x')),
        (s, parts) => {
          const q = s + parts.join('');
          const node = parseQuery(q);
          expect(typeof explainQuery(node)).toBe('string');
          for (const h of queryHints(q, node, notes)) {
            expect(h.message.length).toBeGreaterThan(0);
            if (h.fix !== undefined) expect(typeof h.fix).toBe('string');
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('edit distance counts a transposition as one step', () => {
    expect(editDistance('titel', 'title')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
