import { describe, expect, it } from 'vitest';
import { ChunkedMap } from '../../domain/chunked-map.js';
import { ChangeFeed } from './change-feed.js';
import { emptyStoreData, type Note, type StoreData } from '../../domain/model.js';
import { diffChanges } from '../../domain/changes.js';

const note = (id: string, body: string): Note => ({
  id,
  topicId: null,
  title: id,
  body,
  tags: [],
  pinned: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const withNotes = (...notes: Note[]): StoreData => ({
  ...emptyStoreData(),
  notes: ChunkedMap.from(notes.map((n): [string, Note] => [n.id, n])),
});

describe('change feed', () => {
  it('lists the notes changed since a version and keeps their recent versions', () => {
    const feed = new ChangeFeed(1_000);
    const s0 = withNotes(note('a', 'a0'), note('b', 'b0'));
    const start = feed.versionOf('a');
    expect(feed.since(feed.version)).toEqual({ version: start, noteIds: [], other: false, reset: false });
    const s1 = withNotes(note('a', 'a1'), s0.notes.get('b')!);
    const v1 = feed.record(s0, s1, diffChanges(s0, s1));
    const s2 = withNotes(s1.notes.get('a')!, note('b', 'b1'));
    const v2 = feed.record(s1, s2, diffChanges(s1, s2));
    expect(feed.since(start)).toMatchObject({ version: v2, noteIds: ['b', 'a'], reset: false });
    expect(feed.since(v1)).toMatchObject({ noteIds: ['b'] });
    expect(feed.versionOf('a')).toBe(v1);
    expect(feed.noteAt('a', start)?.body).toBe('a0');
    expect(feed.noteAt('a', v1)?.body).toBe('a1');
    expect(feed.noteAt('b', v2)?.body).toBe('b1');
  });

  it('asks for a full refetch for versions from another session', () => {
    const feed = new ChangeFeed(5_000);
    const s0 = withNotes(note('a', 'x'));
    const s1 = withNotes(note('a', 'y'));
    feed.record(s0, s1, diffChanges(s0, s1));
    expect(feed.since(0).reset).toBe(true);
    expect(feed.since(4_000_000).reset).toBe(true);
  });
});
