import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyStoreData, type Note, type StoreData, type Topic } from '../../domain/model.js';
import type { NoteSort } from '../../domain/views.js';
import { searchNotes } from './evaluate.js';
import { TextIndex } from './text-index.js';
import { fold } from './fold.js';
import { diffChanges } from '../../domain/changes.js';
import { LinkIndex } from '../links/link-index.js';
import { ChunkedMap } from '../../domain/chunked-map.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
type Gen<A> = A extends fc.Arbitrary<infer T> ? T : never;

function topic(id: string, name: string, partners: string[], status: Topic['status']): Topic {
  return {
    id,
    name,
    description: '',
    partners,
    status,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  };
}
function note(id: string, over: Partial<Note>): Note {
  return {
    id,
    topicId: null,
    title: '',
    body: '',
    tags: [],
    pinned: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

function fixture(): StoreData {
  const d = emptyStoreData();
  d.topics.s = topic('s', 'Seeker co-development', ['Fraunhofer FHR', 'KAIST'], 'active');
  d.topics.x = topic('x', 'Personnel exchange 2026', ['TNO'], 'planned');
  d.notes = d.notes.set(
    'a',
    note('a', {
      topicId: 's',
      title: 'Radar calibration',
      body: 'Überprüfung der Antenne. Signal processing chain.',
      tags: ['partner/kaist', 'tech/radar'],
      updatedAt: '2026-11-20T00:00:00.000Z',
    }),
  );
  d.notes = d.notes.set(
    'b',
    note('b', {
      topicId: 's',
      title: 'Trip report',
      body: 'Processing signal at the range; radars and seekers.',
      tags: ['partner/fraunhofer-fhr'],
      pinned: true,
      createdAt: '2024-06-01T00:00:00.000Z',
    }),
  );
  d.notes = d.notes.set(
    'c',
    note('c', {
      topicId: 'x',
      title: 'Visa checklist',
      body: 'Dates for the exchange visit.',
      tags: ['activity/exchange', 'status/draft'],
      createdAt: '2026-10-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
    }),
  );
  d.notes = d.notes.set(
    'd',
    note('d', {
      title: 'Inbox idea',
      body: 'radar jamming resilience',
      tags: [],
      deletedAt: '2026-11-02T00:00:00.000Z',
    }),
  );
  d.notes = d.notes.set(
    'e',
    note('e', {
      title: 'Kalman filter notes',
      body: 'co-development of the tracker',
      tags: ['tech/radar/papers'],
    }),
  );
  return d;
}

async function both(data: StoreData): Promise<TextIndex[]> {
  const ready = new TextIndex();
  await ready.build(() => data);
  return [new TextIndex(), ready]; // not built yet (scan) and built (index)
}

const ids = (data: StoreData, index: TextIndex, text: string, sort: NoteSort = 'updated') =>
  searchNotes(data, index, { text }, { sort, offset: 0, limit: 1000, now: NOW }).page.map((n) => n.id);

describe('query evaluation', async () => {
  const data = fixture();
  const [scan, built] = await both(data);
  it.each([
    ['radar', ['b', 'a']], // word start: "radars" matches; pinned b first
    ['RAD', ['b', 'a']],
    ['uberprufung', ['a']],
    ['"signal processing"', ['a']],
    ['signal processing', ['b', 'a']],
    ['co-development', ['e']],
    ['radar -tag:partner/fraunhofer-fhr', ['a']],
    ['tag:partner', ['b', 'a']],
    ['tag:tech/radar', ['a', 'e']],
    ['tag:tech/*', ['a', 'e']],
    ['topic:"seeker co"', ['b', 'a']],
    ['partner:kaist', ['b', 'a']],
    ['status:planned', ['c']],
    ['pinned:yes', ['b']],
    ['created:>=2026-01-01', ['c']],
    ['created:<2025-01-01', ['b']],
    ['updated:<30d', ['a', 'c']],
    ['updated:2026-11-20', ['a']],
    ['title:report', ['b']],
    ['in:trash', ['d']],
    ['radar in:trash', ['d']],
    ['visa OR kalman', ['c', 'e']],
    ['(visa OR kalman) -filter', ['c']],
    ['ar', []], // inside a word, not at its start
    ['(radar', ['b', 'a']],
    ['"signal processing', ['a']],
  ])('%j → %j, with and without the index', (text, expected) => {
    expect(ids(data, scan!, text)).toEqual(expected);
    expect(new Set(ids(data, built!, text))).toEqual(new Set(expected));
  });

  it('ranks by relevance with pinned first, and combines with sidebar filters', () => {
    const r = searchNotes(
      data,
      built!,
      { text: 'radar', topicId: 's', tags: ['partner/kaist'] },
      { sort: 'relevance', offset: 0, limit: 10, facets: true, now: NOW },
    );
    expect(r.page.map((n) => n.id)).toEqual(['a']);
    expect(r.explained).toBe('radar');
    expect(r.facets?.tags).toEqual([
      { tag: 'partner/kaist', count: 1 },
      { tag: 'tech/radar', count: 1 },
    ]);
    expect(r.facets?.partners).toEqual([
      { partner: 'Fraunhofer FHR', count: 1 },
      { partner: 'KAIST', count: 1 },
    ]);
  });

  it('keeps the index in sync with edits, additions and deletions', async () => {
    const index = new TextIndex();
    let state = fixture();
    await index.build(() => state);
    const next: StoreData = {
      ...state,
      notes: state.notes
        .edit()
        .set('a', { ...state.notes.get('a')!, body: 'nothing here' })
        .set('f', note('f', { title: 'Doppler radar' }))
        .delete('e')
        .done(),
    };
    index.sync(state, next);
    state = next;
    expect(new Set(ids(state, index, 'radar'))).toEqual(new Set(['a', 'b', 'f'])); // a still has "Radar" in the title
    expect(ids(state, index, 'uberprufung')).toEqual([]);
    expect(ids(state, index, 'kalman')).toEqual([]);
    expect(ids(state, index, 'doppler')).toEqual(['f']);
  });
});

describe('index and scan agree (property)', () => {
  const vocab = [
    'radar',
    'radom',
    'seeker',
    'Überprüfung',
    'uber',
    'kaist',
    'co-op',
    'x1',
    '레이더',
    'naïve',
    'sig',
    'signal',
    '[[radar]]',
    '[[Seeker]]',
    '[see](seeker.md)',
    '`[[radar]]`',
  ];
  const textArb = fc
    .array(fc.constantFrom(...vocab, ' ', '. ', '\n', '-'), { maxLength: 30 })
    .map((w) => w.join(' '));
  const noteArb = fc.record({
    title: fc.oneof(textArb, fc.constantFrom('radar', 'Seeker', 'seeker')),
    properties: fc.option(
      fc.record({
        due: fc.constantFrom('2025-01-05', '2025-02-01T10:00:00Z', 'soon'),
        n: fc.integer({ min: 0, max: 5 }),
        who: fc.constantFrom<string | string[]>(['KAIST'], 'kaist', ['TNO', 'Hanbit']),
      }),
      { nil: undefined },
    ),
    body: textArb,
    tags: fc.subarray(['partner/kaist', 'partner/fhr', 'tech/radar', 'status/draft']),
    pinned: fc.boolean(),
    day: fc.integer({ min: 1, max: 28 }),
    topic: fc.constantFrom<string | null>(null, 's', 'x'),
    deleted: fc.boolean(),
    marking: fc.constantFrom<string | undefined>(
      undefined,
      'PUBLIC',
      'INTERNAL',
      'PARTNER CONFIDENTIAL',
      'RESTRICTED',
    ),
    rel: fc.option(fc.subarray(['KAIST', 'Fraunhofer FHR']), { nil: undefined }),
  });
  const term = fc.constantFrom(
    ...vocab.map(fold),
    'rad',
    's',
    '-radar',
    '"signal radar"',
    'OR',
    'tag:partner',
    '-tag:tech/radar',
    'tag:partner/*',
    'pinned:yes',
    'created:>=2025-01-10',
    'updated:2025-01-05',
    'updated:<700d',
    'topic:seeker',
    'partner:kaist',
    'status:planned',
    'title:rad',
    'title:"radar seeker"',
    'in:trash',
    'marking:internal',
    'marking:>=partner',
    'marking:<restricted',
    '-marking:pub',
    'marking:nonexistent',
    'rel:kaist',
    'rel:none',
    '(',
    ')',
    'linksto:radar',
    'linksto:"seeker"',
    'linkedfrom:Seeker',
    'has:links',
    'orphan:yes',
    '-orphan:yes',
    'prop:due',
    'prop:due>2025-01-10',
    'prop:n>=3',
    'prop:who=kaist',
  );
  const queryArb = fc.array(term, { minLength: 0, maxLength: 5 }).map((p) => p.join(' '));
  const filterArb = fc.record({
    topicId: fc.constantFrom(undefined, 's', 'x', 'inbox'),
    tags: fc.constantFrom(undefined, ['partner'], ['tech/radar', 'partner/kaist']),
    trash: fc.boolean(),
  });

  function corpus(notes: Gen<typeof noteArb>[]): StoreData {
    const data = fixture();
    const map = ChunkedMap.empty<Note>().edit();
    notes.forEach((n, i) => {
      const at = `2025-01-${String(n.day).padStart(2, '0')}T00:00:${String(i).padStart(2, '0')}.000Z`;
      map.set(
        `n${i}`,
        note(`n${i}`, {
          title: n.title,
          body: n.body,
          tags: n.tags,
          pinned: n.pinned,
          createdAt: at,
          updatedAt: at,
          topicId: n.topic,
          ...(n.deleted ? { deletedAt: at } : {}),
          ...(n.marking ? { marking: n.marking } : {}),
          ...(n.rel ? { releasableTo: n.rel } : {}),
          ...(n.properties ? { properties: n.properties } : {}),
        }),
      );
    });
    data.notes = map.done();
    // One topic carries a default marking and releasability its notes inherit.
    data.topics.s = { ...data.topics.s!, marking: 'PARTNER CONFIDENTIAL', releasableTo: ['KAIST'] };
    return data;
  }
  /** The sidebar filter a generated one stands for, with the search text. */
  const filterOf = (text: string, f: Gen<typeof filterArb>) => ({
    text,
    trash: f.trash,
    ...(f.topicId ? { topicId: f.topicId } : {}),
    ...(f.tags ? { tags: [...f.tags] } : {}),
  });
  /** A note as an edit in the sequence properties saves it. */
  const edited = (id: string, n: Gen<typeof noteArb>) =>
    note(id, {
      title: n.title,
      body: n.body,
      tags: n.tags,
      pinned: n.pinned,
      topicId: n.topic,
      ...(n.properties ? { properties: n.properties } : {}),
      createdAt: '2025-01-02T00:00:00.000Z',
      updatedAt: `2025-01-${String(n.day).padStart(2, '0')}T01:00:00.000Z`,
    });
  const run = (
    data: StoreData,
    index: TextIndex,
    text: string,
    sort: NoteSort,
    f: Gen<typeof filterArb>,
    links?: LinkIndex,
  ) => {
    const r = searchNotes(data, index, filterOf(text, f), {
      sort,
      offset: 0,
      limit: 1000,
      now: NOW,
      facets: true,
      links,
    });
    return { ids: r.page.map((n) => n.id), total: r.total, facets: r.facets };
  };

  it('returns the same notes in the same order and the same facets for any corpus, filter and query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(noteArb, { maxLength: 25 }),
        queryArb,
        fc.constantFrom<NoteSort>('updated', 'created', 'title', 'relevance'),
        filterArb,
        async (notes, text, sort, f) => {
          const data = corpus(notes);
          const [scan, built] = await both(data);
          const viaIndex = run(data, built!, text, sort, f);
          expect(viaIndex).toEqual(run(data, scan!, text, sort, f));
          // every hit really contains a plain single-word query at a word start
          if (/^[\p{Ll}\p{Lo}\p{N}]+$/u.test(text)) {
            for (const id of viaIndex.ids)
              expect(
                ' ' +
                  fold(`${data.notes.get(id)!.title} ${data.notes.get(id)!.body}`)
                    .split(/[^\p{L}\p{N}]+/u)
                    .join(' '),
              ).toContain(' ' + text);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads page after page of any size into the same list and total as the scan gives at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(noteArb, { maxLength: 25 }),
        queryArb,
        fc.constantFrom<NoteSort>('updated', 'title', 'relevance'),
        filterArb,
        fc.integer({ min: 1, max: 7 }),
        async (notes, text, sort, f, size) => {
          const data = corpus(notes);
          const [scan, built] = await both(data);
          const whole = run(data, scan!, text, sort, f);
          const filter = filterOf(text, f);
          // Each page reads the sorted list further than the one before (its doc numbers looked up lazily).
          const ids: string[] = [];
          for (let offset = 0; offset <= whole.ids.length; offset += size) {
            const r = searchNotes(data, built!, filter, { sort, offset, limit: size, now: NOW });
            expect(r.total).toBe(whole.total);
            ids.push(...r.page.map((n) => n.id));
          }
          expect(ids).toEqual(whole.ids);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the answers of the scan after every save, a note put back as it was included (fast-check)', async () => {
    // Lists of successive states share doc numbers for the note objects they share (DocsInOrder); an undo
    // that puts back the very object an earlier state held must not reuse that object's old number.
    await fc.assert(
      fc.asyncProperty(
        fc.array(noteArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(30), noteArb, fc.constantFrom('edit', 'delete', 'add', 'restore')), {
          maxLength: 25,
        }),
        queryArb,
        filterArb,
        async (initial, steps, text, f) => {
          let data = corpus(initial);
          const index = new TextIndex(2); // compact early and often
          await index.build(() => data);
          const gone: Note[] = [];
          const filter = filterOf(text, f);
          const answer = (idx: TextIndex, sort: NoteSort, limit: number) => {
            const r = searchNotes(data, idx, filter, { sort, offset: 0, limit, now: NOW });
            return { ids: r.page.map((n) => n.id), total: r.total };
          };
          for (const [step, [k, n, kind]] of steps.entries()) {
            const ids = [...data.notes.keys()];
            const notes = data.notes.edit();
            if (kind === 'restore') {
              const back = gone[k % Math.max(1, gone.length)];
              if (!back) continue;
              if (notes.get(back.id)) gone.push(notes.get(back.id)!);
              notes.set(back.id, back);
            } else {
              const id = kind === 'add' || ids.length === 0 ? `m${step}` : ids[k % ids.length]!;
              if (notes.get(id)) gone.push(notes.get(id)!);
              if (kind === 'delete') notes.delete(id);
              else notes.set(id, edited(id, n));
            }
            const next = { ...data, notes: notes.done() };
            index.sync(data, next, diffChanges(data, next).notes);
            data = next;
            // A page first (reads the new list in part), then whole lists (read in full, carried on).
            const scan = new TextIndex();
            expect(answer(index, 'updated', 3)).toEqual(answer(scan, 'updated', 3));
            expect(answer(index, 'relevance', 1000)).toEqual(answer(scan, 'relevance', 1000));
            expect(answer(index, 'title', 1000)).toEqual(answer(scan, 'title', 1000));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stays equal to the scan through a random sequence of edits, deletions and compactions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(noteArb, { minLength: 1, maxLength: 15 }),
        fc.array(fc.tuple(fc.nat(30), noteArb, fc.constantFrom('edit', 'delete', 'add')), { maxLength: 40 }),
        queryArb,
        filterArb,
        async (initial, edits, text, f) => {
          let data = corpus(initial);
          const index = new TextIndex(2); // compact early and often
          await index.build(() => data);
          // The link index is kept in sync from the same hints; the scan side builds its own from the end state.
          const links = LinkIndex.of(data);
          edits.forEach(([k, n, kind], step) => {
            const ids = [...data.notes.keys()];
            const id = kind === 'add' || ids.length === 0 ? `m${step}` : ids[k % ids.length]!;
            const notes = data.notes.edit();
            if (kind === 'delete') notes.delete(id);
            else notes.set(id, edited(id, n));
            const next = { ...data, notes: notes.done() };
            // Odd steps pass the changed ids (as the core does), even steps let the index diff itself.
            index.sync(data, next, step % 2 === 1 ? diffChanges(data, next).notes : undefined);
            links.sync(data, next, step % 2 === 1 ? diffChanges(data, next).notes : undefined);
            data = next;
          });
          expect(run(data, index, text, 'relevance', f, links)).toEqual(
            run(data, new TextIndex(), text, 'relevance', f),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
