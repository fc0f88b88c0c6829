import type { Note, StoreData } from '../../domain/model.js';
import { DossierError } from '../../domain/errors.js';
import { normalizeTag, tagWithin } from './normalize.js';
import { forEachNote, notesOf, withNoteMap } from '../../domain/note-access.js';

export type TagChange = { data: StoreData; notes: number };

/**
 * Rewrites the tags of every note (trash included, so restoring stays consistent) into one new state,
 * saved as one change. updatedAt is left alone: tidying tags is not editing the note.
 */
function rewriteTags(data: StoreData, rewrite: (tag: string) => string | null): TagChange {
  const notes = data.notes.edit();
  let changed = 0;
  forEachNote(data, (note: Note, id) => {
    const next = [...new Set(note.tags.map(rewrite).filter((t): t is string => t !== null))].sort();
    if (next.length === note.tags.length && next.every((t, i) => t === note.tags[i])) return;
    notes.set(id, { ...note, tags: next });
    changed += 1;
  });
  return { data: changed ? withNoteMap(data, notes.done()) : data, notes: changed };
}

function requireUsed(data: StoreData, tag: string): void {
  for (const note of notesOf(data)) if (note.tags.some((t) => tagWithin(t, tag))) return;
  throw new DossierError('NOT_FOUND', `No note has the tag "${tag}".`, { tag });
}

/**
 * Renames a tag and everything nested below it: partner/kaist → partner/kaist-daejeon also moves
 * partner/kaist/people. Renaming onto an existing tag merges the two.
 */
export function renameTag(data: StoreData, fromRaw: string, toRaw: string): TagChange {
  const from = normalizeTag(fromRaw);
  const to = normalizeTag(toRaw);
  requireUsed(data, from);
  if (from === to) return { data, notes: 0 };
  if (tagWithin(to, from))
    throw new DossierError('BAD_INPUT', `"${to}" is inside "${from}"; a tag cannot move into itself.`);
  return rewriteTags(data, (t) => (tagWithin(t, from) ? to + t.slice(from.length) : t));
}

/** Merges `source` into the existing `target` (children move along): notes tagged with either end up with `target`. */
export function mergeTags(data: StoreData, sourceRaw: string, targetRaw: string): TagChange {
  const source = normalizeTag(sourceRaw);
  const target = normalizeTag(targetRaw);
  if (source === target) throw new DossierError('BAD_INPUT', 'Pick two different tags to merge.');
  requireUsed(data, target);
  return renameTag(data, source, target);
}

/** Removes a tag and its children from every note; the notes themselves stay. */
export function deleteTag(data: StoreData, raw: string): TagChange {
  const tag = normalizeTag(raw);
  requireUsed(data, tag);
  return rewriteTags(data, (t) => (tagWithin(t, tag) ? null : t));
}
