import { describe, expect, it } from 'vitest';
import { ChunkedMap } from '../../domain/chunked-map.js';
import fc from 'fast-check';
import { emptyStoreData, type Note, type StoreData, type Topic } from '../../domain/model.js';
import { LinkIndex } from './link-index.js';
import { linkKey, NameTable, namesOf } from './names.js';
import { safeStem } from '../export/file-names.js';
import { parseLinks } from './parse.js';
import { resolveLink } from './resolve.js';
import { backlinksOf, completeLinks } from './queries.js';
import { retargetEdits, withEdits } from './rewrite.js';

const T = '2025-01-01T00:00:00.000Z';
function topic(id: string, name: string): Topic {
  return { id, name, description: '', partners: [], status: 'active', createdAt: T, updatedAt: T };
}
function note(id: string, title: string, body: string, extra: Partial<Note> = {}): Note {
  return { id, topicId: null, title, body, tags: [], pinned: false, createdAt: T, updatedAt: T, ...extra };
}
function store(notes: Note[], topics: Topic[] = []): StoreData {
  const d = emptyStoreData();
  return {
    ...d,
    notes: ChunkedMap.from(notes.map((n): [string, Note] => [n.id, n])),
    topics: Object.fromEntries(topics.map((t) => [t.id, t])),
  };
}

describe('resolver', () => {
  const data = store(
    [
      note('a', 'Kick-off meeting', 'Seeker kick-off', { topicId: 's' }),
      note('b', 'Kick-off meeting', 'Radar kick-off', { topicId: 'r' }),
      note('c', 'Radome materials', '', { topicId: 's', properties: { aliases: ['Radome', 'RM'] } }),
      note('d', 'Exchange plan', '', { topicId: 'r', folder: 'Visits/2026' }),
      note('e', 'Contacts: KAIST', ''),
      note('x', 'Gone', '', { deletedAt: T }),
      note('src-s', 'Seeker notes', '', { topicId: 's' }),
      note('src-n', 'Inbox note', ''),
    ],
    [topic('s', 'Seeker'), topic('r', 'Radar')],
  );
  const index = LinkIndex.of(data);
  const from = (id: string, target: string) => index.resolve({ target, isFile: false }, data.notes.get(id)!);

  it('matches titles and aliases case-insensitively; a shared title prefers the same topic, else asks', () => {
    expect(from('src-s', 'kick-off MEETING')).toEqual({ status: 'resolved', noteId: 'a' });
    expect(from('src-n', 'Kick-off meeting')).toEqual({ status: 'ambiguous', candidates: ['a', 'b'] });
    expect(from('src-n', 'rm')).toEqual({ status: 'resolved', noteId: 'c' });
    expect(from('src-n', 'Radar/Visits/2026/Exchange plan')).toEqual({ status: 'resolved', noteId: 'd' });
    expect(from('src-n', 'Radar/Kick-off meeting')).toEqual({ status: 'resolved', noteId: 'b' });
    // The export file name of a title with a colon resolves too (markdown links to exported files).
    expect(from('src-n', 'Contacts KAIST')).toEqual({ status: 'resolved', noteId: 'e' });
    expect(from('src-n', 'Gone')).toEqual({ status: 'unresolved' });
    expect(index.resolve({ target: 'x.png', isFile: true }, null)).toEqual({ status: 'file' });
  });

  it('backlinks carry the sentence around each link', () => {
    const d = store([
      note('t', 'Action list', ''),
      note(
        'm',
        'Minutes 3 March',
        'We reviewed the radar. Open points are in [[action list]] now. Next time more.',
      ),
    ]);
    expect(backlinksOf(LinkIndex.of(d), 't')).toEqual([
      {
        note: { id: 'm', title: 'Minutes 3 March', topicId: null },
        items: [
          expect.objectContaining({
            context: 'Open points are in [[action list]] now.',
            heading: null,
            embed: false,
          }),
        ],
      },
    ]);
  });

  it('completes titles and aliases like search, the linking note’s topic first', () => {
    const hits = completeLinks(index, data, 'kick', 'src-s', 10);
    expect(hits.map((h) => h.id)).toEqual(['a', 'b']);
    // b's title resolves to a from a Seeker note: it is offered with its folder path.
    expect(hits[1]!.insert).toBe('Radar/Kick-off meeting');
    expect(completeLinks(index, data, 'rado', null, 10).map((h) => [h.id, h.alias])).toEqual([['c', null]]);
    expect(completeLinks(index, data, 'rm', null, 10).map((h) => [h.id, h.alias])).toEqual([['c', 'RM']]);
  });
});

/** The reference: every link of every live note resolved from scratch (no incremental state). */
function scan(data: StoreData): Map<string, string[]> {
  const names = new NameTable();
  const live = data.notes.toArray().filter((n) => !n.deletedAt);
  for (const n of live) names.add(n);
  const out = new Map<string, string[]>();
  for (const n of live.sort((a, b) => (a.id < b.id ? -1 : 1)))
    for (const l of parseLinks(n.body)) {
      const r = resolveLink(l, n, names, (id) => data.notes.get(id), data);
      if (r.status === 'resolved') {
        expect(data.notes.get(r.noteId)?.deletedAt).toBeUndefined(); // resolved links point at live notes
        if (r.noteId !== n.id) out.set(r.noteId, [...(out.get(r.noteId) ?? []), `${n.id}@${l.offset}`]);
      }
    }
  return out;
}

const TITLES = ['Kick-off', 'kick-off', 'Radome', 'Trial log', 'Ünal visit', 'Action list', ''];
const TOPICS = ['s', 'r', null] as const;

const linkText = fc
  .tuple(
    fc.constantFrom(...TITLES, 'RM', 'Seeker/Radome', 'Trial log#Runs', 'Trial log#^b1'),
    fc.constantFrom('wiki', 'embed', 'label', 'md', 'code'),
  )
  .map(([t, kind]) => {
    switch (kind) {
      case 'wiki':
        return `[[${t}]]`;
      case 'embed':
        return `![[${t}]]`;
      case 'label':
        return `[[${t}|see]]`;
      case 'md':
        return `[x](${encodeURIComponent(t.split('#')[0]!)}.md)`;
      default:
        return '`[[' + t + ']]`';
    }
  });
const body = fc
  .array(fc.oneof(linkText, fc.constantFrom(' text ', '\n', 'Radome. ')), { maxLength: 6 })
  .map((p) => p.join(''));

type Op =
  | { kind: 'create'; title: string; body: string; topic: (typeof TOPICS)[number]; aliases: boolean }
  | { kind: 'body'; at: number; body: string }
  | { kind: 'title'; at: number; title: string }
  | { kind: 'alias'; at: number; on: boolean }
  | { kind: 'topic'; at: number; topic: (typeof TOPICS)[number] }
  | { kind: 'trash'; at: number }
  | { kind: 'restore'; at: number }
  | { kind: 'purge'; at: number }
  | { kind: 'retarget'; at: number; from: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    title: fc.constantFrom(...TITLES),
    body,
    topic: fc.constantFrom(...TOPICS),
    aliases: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('body' as const), at: fc.nat(), body }),
  fc.record({ kind: fc.constant('title' as const), at: fc.nat(), title: fc.constantFrom(...TITLES) }),
  fc.record({ kind: fc.constant('alias' as const), at: fc.nat(), on: fc.boolean() }),
  fc.record({ kind: fc.constant('topic' as const), at: fc.nat(), topic: fc.constantFrom(...TOPICS) }),
  fc.record({ kind: fc.constant('trash' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('restore' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('purge' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retarget' as const), at: fc.nat(), from: fc.constantFrom(...TITLES) }),
);

describe('link index kept in sync', () => {
  it('agrees with a full scan through random edits, renames, trash and purges (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), fc.boolean(), (ops, hints) => {
        let data = store([], [topic('s', 'Seeker'), topic('r', 'Radar')]);
        const index = new LinkIndex();
        void index.build(() => data); // completes synchronously for an empty store up to its first await
        const live = LinkIndex.of(data);
        let n = 0;
        for (const o of ops) {
          const ids = [...data.notes.keys()];
          const id = ids.length ? ids[('at' in o ? o.at : 0) % ids.length]! : undefined;
          const before = data;
          const put = (x: Note) => (data = { ...data, notes: data.notes.set(x.id, x) });
          const cur = id ? data.notes.get(id)! : undefined;
          switch (o.kind) {
            case 'create':
              put(
                note(`n${n++}`, o.title, o.body, {
                  topicId: o.topic,
                  ...(o.aliases ? { properties: { aliases: ['RM'] } } : {}),
                }),
              );
              break;
            case 'body':
              if (cur) put({ ...cur, body: o.body });
              break;
            case 'title':
              if (cur) put({ ...cur, title: o.title });
              break;
            case 'alias':
              if (cur) put({ ...cur, properties: o.on ? { aliases: 'RM, Seeker' } : {} });
              break;
            case 'topic':
              if (cur) put({ ...cur, topicId: o.topic });
              break;
            case 'trash':
              if (cur) put({ ...cur, deletedAt: T });
              break;
            case 'restore':
              if (cur) {
                const { deletedAt: _d, ...rest } = cur;
                put(rest);
              }
              break;
            case 'purge':
              if (id) {
                data = { ...data, notes: data.notes.delete(id) };
              }
              break;
            case 'retarget':
              if (cur && !cur.deletedAt) {
                const edits = retargetEdits(live, data, cur.id, o.from);
                data = withEdits(data, edits, T);
                live.sync(before, data, hints ? [...edits.keys()] : undefined);
                index.sync(before, data, hints ? [...edits.keys()] : undefined);
                continue;
              }
          }
          const changed =
            id && o.kind !== 'create'
              ? [id]
              : [...data.notes.keys()].filter((k) => data.notes.get(k) !== before.notes.get(k));
          live.sync(before, data, hints ? changed : undefined);
          index.sync(before, data, hints ? changed : undefined);
        }
        const expected = scan(data);
        for (const idx of [index, live]) {
          for (const n of data.notes.toArray()) {
            const got = idx.inboundLinks(n.id).map((i) => `${i.sourceId}@${i.link.offset}`);
            expect(got).toEqual(n.deletedAt ? [] : (expected.get(n.id) ?? []));
          }
          const linked = new Set<string>();
          for (const [target, sources] of expected) {
            linked.add(target);
            for (const s of sources) linked.add(s.split('@')[0]!);
          }
          expect([...idx.linkedNotes()].sort()).toEqual([...linked].sort());
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('link index snapshot', () => {
  it('in slices equals the snapshot in one piece', async () => {
    const data = store(
      Array.from({ length: 300 }, (_, i) =>
        note(`n${i}`, `Note ${i}`, `see [[Note ${(i * 7) % 300}]] and [[Note ${(i * 13) % 300}#Part|there]]`),
      ),
    );
    const index = LinkIndex.of(data);
    expect(await index.snapshotInSlices()).toEqual(index.snapshot());
  });
});

describe('name keys', () => {
  it('the fast paths agree with NFC, collapsed spaces and lowercase, and with export file names (fast-check)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc
        .array(fc.constantFrom('a', 'É', 'e\u0301', ' ', '\u00a0', '\t', '.', ':', 'con', '  ', 'Ü'), {
          maxLength: 12,
        })
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(linkKey(t)).toBe(t.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase());
        const n = note('k', t.trim() ? t : 'x', '');
        const title = n.title.trim();
        const file = linkKey(safeStem(title));
        const keys = namesOf(n).map((x) => x.key);
        expect(keys).toContain(file);
      }),
      { numRuns: 1000 },
    );
  });
});
