import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyStoreData, type Note, type NoteMap, type StoreData } from '../../domain/model.js';
import { ChunkedMap } from '../../domain/chunked-map.js';
import { noteStatsView } from './note-stats.js';
import { tagCountsView } from '../tags/tag-counts.js';
import { countTags } from '../tags/tree.js';
import { attachmentUsageView } from '../attachments/file-search.js';
import { findRefs } from '../attachments/refs.js';
import { topicSummaries } from '../topics/topics.js';

// Each view the UI reads after every change moves on from the state asked last. Whatever path the states
// take (one-note saves, batches, jumps to an unrelated map as after a restored backup, going back to an
// older state), every answer must equal the view counted afresh the way it was before issue 21.

const T = '2026-01-01T00:00:00.000Z';
const ATT = ['00112233445566aa', '00112233445566bb', 'ffeeddccbbaa9988'];

const fieldsArb = fc.record({
  topicId: fc.constantFrom(null, 's', 'x', 'gone'),
  tags: fc.subarray(['partner/kaist', 'partner/kaist/people', 'partner', 'tech/radar', 'status/draft']),
  deleted: fc.boolean(),
  refs: fc.array(fc.tuple(fc.constantFrom(...ATT), fc.constantFrom('a.pdf', 'b.png', 'a.pdf')), {
    maxLength: 3,
  }),
});
type Fields = typeof fieldsArb extends fc.Arbitrary<infer F> ? F : never;

function note(id: string, f: Fields): Note {
  return {
    id,
    topicId: f.topicId,
    title: id,
    body: f.refs.map(([att, name]) => `see [${name}](attachments/${att}/${name})`).join('\n'),
    tags: f.tags,
    pinned: false,
    createdAt: T,
    updatedAt: T,
    ...(f.deleted ? { deletedAt: T } : {}),
  };
}

type Step =
  | { kind: 'save'; edits: [number, 'put' | 'purge' | 'add', Fields][] }
  | { kind: 'unrelated' }
  | { kind: 'back'; at: number };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('save' as const),
      edits: fc.array(fc.tuple(fc.nat(50), fc.constantFrom('put', 'purge', 'add'), fieldsArb), {
        minLength: 1,
        maxLength: 5,
      }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unrelated' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('back' as const), at: fc.nat(20) }) },
);

/** The states a session goes through, from `initial` notes and the steps. */
function states(initial: Fields[], steps: Step[]): NoteMap[] {
  let map = ChunkedMap.from(initial.map((f, i): [string, Note] => [`n${i}`, note(`n${i}`, f)]));
  const out = [map];
  steps.forEach((s, step) => {
    if (s.kind === 'back') {
      out.push(out[s.at % out.length]!);
      return;
    }
    if (s.kind === 'unrelated') map = ChunkedMap.fromRecord(map.toRecord());
    else {
      const e = map.edit();
      s.edits.forEach(([at, kind, f], k) => {
        const ids = [...map.keys()];
        const id = kind === 'add' || ids.length === 0 ? `a${step}-${k}` : ids[at % ids.length]!;
        if (kind === 'purge') e.delete(id);
        else e.set(id, note(id, f));
      });
      map = e.done();
    }
    out.push(map);
  });
  return out;
}

const run = (check: (notes: NoteMap) => void) =>
  fc.assert(
    fc.property(
      fc.array(fieldsArb, { maxLength: 30 }),
      fc.array(stepArb, { maxLength: 25 }),
      (initial, steps) => {
        for (const notes of states(initial, steps)) check(notes);
      },
    ),
    { numRuns: 200 },
  );

const withNotes = (notes: NoteMap): StoreData => ({
  ...emptyStoreData(),
  notes,
  topics: {
    s: {
      id: 's',
      name: 'Seeker',
      description: '',
      partners: [],
      status: 'active',
      createdAt: T,
      updatedAt: T,
    },
    x: {
      id: 'x',
      name: 'exchange',
      description: '',
      partners: [],
      status: 'active',
      createdAt: T,
      updatedAt: T,
    },
  },
});

describe('views moved on from save to save equal a fresh count', () => {
  it('note counts (app.info, topics.list)', () => {
    run((notes) => {
      const s = noteStatsView.get(notes);
      const all = notes.toArray();
      expect(s.live).toBe(all.filter((n) => !n.deletedAt).length);
      expect(s.trashed).toBe(all.filter((n) => n.deletedAt).length);
      // topics.list as it counted before: every live note with a topic.
      const counts = new Map<string, number>();
      for (const n of all)
        if (!n.deletedAt && n.topicId) counts.set(n.topicId, (counts.get(n.topicId) ?? 0) + 1);
      expect(new Map([...s.byTopic].sort())).toEqual(new Map([...counts].sort()));
      expect(topicSummaries(withNotes(notes)).map((t) => [t.name, t.noteCount])).toEqual([
        ['exchange', counts.get('x') ?? 0],
        ['Seeker', counts.get('s') ?? 0],
      ]);
    });
  });

  it('tag counts (tags.list)', () => {
    run((notes) => {
      const moved = tagCountsView.get(notes);
      const fresh = countTags(notes.toArray().filter((n) => !n.deletedAt));
      const sorted = (m: Map<string, { own: number; total: number }>) =>
        [...m].map(([k, v]) => [k, { ...v }] as const).sort(([a], [b]) => (a < b ? -1 : 1));
      expect(sorted(moved)).toEqual(sorted(fresh));
      expect(sorted(tagCountsView.rebuild(notes))).toEqual(sorted(fresh));
    });
  });

  it('attachment usage (which notes use a file, under which names)', () => {
    run((notes) => {
      const u = attachmentUsageView.get(notes);
      // As file-search counted before: every note (trash too), every reference.
      const notesOf = new Map<string, Set<string>>();
      const namesOf = new Map<string, Set<string>>();
      for (const n of notes.values())
        for (const r of findRefs(n.body)) {
          notesOf.set(r.id, (notesOf.get(r.id) ?? new Set()).add(n.id));
          namesOf.set(r.id, (namesOf.get(r.id) ?? new Set()).add(r.name));
        }
      const keys = (m: Map<string, Map<string, number>>) =>
        [...m].map(([k, v]) => [k, [...v.keys()].sort()] as const).sort(([a], [b]) => (a < b ? -1 : 1));
      const sets = (m: Map<string, Set<string>>) =>
        [...m].map(([k, v]) => [k, [...v].sort()] as const).sort(([a], [b]) => (a < b ? -1 : 1));
      expect(keys(u.notesOf)).toEqual(sets(notesOf));
      expect(keys(u.namesOf)).toEqual(sets(namesOf));
    });
  });
});
