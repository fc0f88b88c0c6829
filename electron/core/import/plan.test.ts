import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyStoreData, type Note, type StoreData, type Topic } from '../../domain/model.js';
import type { Candidate } from './parse.js';
import { planImport } from './plan.js';

// Which candidates planImport adds and which it calls duplicates, against the rule it states: a note with
// the same topic (any case), title and body as a note in the store (not in the trash) or as one added
// earlier in the same import is a duplicate. The model keys on the whole content, as planImport once did.

const NOW = '2026-11-26T08:00:00.000Z';
const topicNames = ['Radar', 'radar', 'Fraunhofer exchange', null] as const;
const titles = ['Range day', 'range day', 'Seeker calibration', ''];
const bodies = ['Calibrated the seeker.', 'Calibrated the seeker. ', 'Visit of the TNO delegation.', ''];

const existingNote = fc.record({
  topic: fc.constantFrom('Radar', 'Fraunhofer exchange', null),
  title: fc.constantFrom(...titles),
  body: fc.constantFrom(...bodies),
  deleted: fc.boolean(),
});
const candidate = fc.record({
  topic: fc.constantFrom(...topicNames),
  title: fc.constantFrom(...titles),
  body: fc.constantFrom(...bodies),
});

function storeWith(
  notes: { topic: string | null; title: string; body: string; deleted: boolean }[],
): StoreData {
  const data = emptyStoreData();
  const topicId = new Map<string, string>();
  for (const [i, name] of ['Radar', 'Fraunhofer exchange'].entries()) {
    const topic: Topic = {
      id: `t${i}`,
      name,
      description: '',
      partners: [],
      status: 'active',
      createdAt: NOW,
      updatedAt: NOW,
    };
    data.topics[topic.id] = topic;
    topicId.set(name, topic.id);
  }
  notes.forEach((n, i) => {
    const note: Note = {
      id: `n${i}`,
      topicId: n.topic ? topicId.get(n.topic)! : null,
      title: n.title,
      body: n.body,
      tags: [],
      pinned: false,
      createdAt: NOW,
      updatedAt: NOW,
      ...(n.deleted ? { deletedAt: NOW } : {}),
    };
    data.notes = data.notes.set(note.id, note);
  });
  return data;
}

const asCandidate = (c: { topic: string | null; title: string; body: string }, i: number): Candidate => ({
  path: `file-${i}.md`,
  id: null,
  title: c.title,
  body: c.body,
  tags: [],
  topicName: c.topic,
  partners: [],
  createdAt: NOW,
  updatedAt: NOW,
  pinned: false,
  properties: {},
  folder: '',
  warnings: [],
  tagLabels: {},
  converted: [],
  keptAsText: [],
  dropped: [],
});

describe('planImport duplicates', () => {
  it('adds exactly the candidates whose topic, title and body are new (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(existingNote, { maxLength: 12 }),
        fc.array(candidate, { maxLength: 12 }),
        (existing, cands) => {
          const data = storeWith(existing);
          const { report } = planImport(data, cands.map(asCandidate), [], 0, 'src', NOW);
          const key = (topic: string | null, title: string, body: string) =>
            `${(topic ?? '').toLowerCase()}\u0000${title}\u0000${body}`;
          const seen = new Set(existing.filter((n) => !n.deleted).map((n) => key(n.topic, n.title, n.body)));
          const expected = cands.map((c) => {
            const k = key(c.topic, c.title, c.body);
            if (seen.has(k)) return 'duplicate';
            seen.add(k);
            return 'added';
          });
          expect(report.files.map((f) => f.outcome)).toEqual(expected);
          expect(report.added).toBe(expected.filter((o) => o === 'added').length);
          expect(report.duplicates.map((d) => d.path)).toEqual(
            cands.flatMap((_, i) => (expected[i] === 'duplicate' ? [`file-${i}.md`] : [])),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
