import { describe, expect, it } from 'vitest';
import { emptyStoreData, type Note } from './model.js';
import { noteCount, noteOf, notesOf, withNotes, withoutNotes } from './note-access.js';

const note = (id: string, title = id): Note => ({
  id,
  topicId: null,
  title,
  body: '',
  tags: [],
  pinned: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('note access', () => {
  it('puts and removes notes without changing the state it was given', () => {
    const empty = emptyStoreData();
    const one = withNotes(empty, [note('a'), note('b')]);
    expect(noteCount(empty)).toBe(0);
    expect(noteCount(one)).toBe(2);
    const two = withNotes(one, [note('a', 'renamed')]);
    expect(noteOf(one, 'a')?.title).toBe('a');
    expect(noteOf(two, 'a')?.title).toBe('renamed');
    const three = withoutNotes(two, ['b']);
    expect([...notesOf(three)].map((n) => n.id)).toEqual(['a']);
    expect(noteOf(two, 'b')).toBeDefined();
    expect(withNotes(three, [])).toBe(three);
  });

  it('never answers with what an object inherits', () => {
    const data = withNotes(emptyStoreData(), [note('a')]);
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      expect(noteOf(data, id)).toBeUndefined();
  });
});
