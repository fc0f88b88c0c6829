import { describe, expect, it } from 'vitest';
import { ChunkedMap } from '../../domain/chunked-map.js';
import fc from 'fast-check';
import type { Note, NoteMap } from '../../domain/model.js';
import { KnownTags } from './known-tags.js';

const note = (id: string, tags: string[], deleted: boolean): Note => ({
  id,
  topicId: null,
  title: id,
  body: '',
  tags,
  pinned: false,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...(deleted ? { deletedAt: '2025-01-02T00:00:00.000Z' } : {}),
});

/** What the set must be: every tag of a live note with its parents, counted afresh. */
function reference(notes: NoteMap): string[] {
  const out = new Set<string>();
  for (const n of Object.values(notes.toRecord()))
    if (!n.deletedAt)
      for (const t of n.tags) t.split('/').forEach((_, i, parts) => out.add(parts.slice(0, i + 1).join('/')));
  return [...out].sort();
}

const tags = fc.subarray(['partner/kaist', 'partner/fhr', 'partner', 'tech/radar/x', 'status/draft']);
const fields = fc.record({ tags, deleted: fc.boolean() });
const edit = fc.tuple(fc.constantFrom('add', 'edit', 'delete'), fc.nat(30), fields);

describe('KnownTags', () => {
  it('moves on from state to state (with the core’s hint or by a diff) to the same set a fresh count gives', () => {
    fc.assert(
      fc.property(
        fc.array(fields, { maxLength: 20 }),
        fc.array(fc.tuple(fc.array(edit, { maxLength: 4 }), fc.boolean(), fc.boolean()), { maxLength: 25 }),
        (initial, steps) => {
          const known = new KnownTags();
          let state: NoteMap = ChunkedMap.empty();
          initial.forEach((f, i) => (state = state.set(`n${i}`, note(`n${i}`, f.tags, f.deleted))));
          known.get(state);
          steps.forEach(([edits, hint, ask], step) => {
            const edit = state.edit();
            const record = state.toRecord();
            const changed: string[] = [];
            for (const [kind, at, f] of edits) {
              const ids = Object.keys(record);
              const id = kind === 'add' || ids.length === 0 ? `a${step}-${at}` : ids[at % ids.length]!;
              changed.push(id);
              if (kind === 'delete') {
                delete record[id];
                edit.delete(id);
              } else edit.set(id, (record[id] = note(id, f.tags, f.deleted)));
            }
            const next = edit.done();
            if (hint) known.sync(state, next, changed);
            state = next;
            if (ask) expect([...known.get(state)].sort()).toEqual(reference(state));
          });
          expect([...known.get(state)].sort()).toEqual(reference(state));
        },
      ),
      { numRuns: 300 },
    );
  });
});
