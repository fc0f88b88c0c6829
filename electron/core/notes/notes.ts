import { newId } from '../../domain/new-id.js';
import type { Note, StoreData } from '../../domain/model.js';
import { DossierError } from '../../domain/errors.js';
import { normalizeTags } from '../tags/normalize.js';
import { requireTopic } from '../topics/topics.js';
import { noteOf, withNote } from '../../domain/note-access.js';

export type NoteInput = { topicId?: string | null; title?: string; body?: string; tags?: string[] };
export type NotePatch = {
  id: string;
  title?: string;
  body?: string;
  tags?: string[];
  topicId?: string | null;
  pinned?: boolean;
};

/** Live (not trashed) note by id, or NOT_FOUND. */
export function requireNote(data: StoreData, id: string): Note {
  const note = noteOf(data, id);
  if (!note || note.deletedAt) throw new DossierError('NOT_FOUND', 'That note no longer exists.', { id });
  return note;
}

/** The title shown for a note: its own, else its first non-empty line, else "Untitled". */
export function displayTitle(note: Pick<Note, 'title' | 'body'>): string {
  if (note.title.trim()) return note.title.trim();
  const line = note.body.split('\n').find((l) => l.trim());
  return line
    ? line
        .replace(/^#+\s*/, '')
        .trim()
        .slice(0, 120)
    : 'Untitled';
}

/**
 * Adds a note. Empty titles are allowed (a note often starts as a quick jot) and are displayed with
 * displayTitle(); the topic must exist.
 */
export function createNote(data: StoreData, input: NoteInput, now: string): { data: StoreData; note: Note } {
  const topicId = input.topicId ?? null;
  if (topicId) requireTopic(data, topicId);
  const note: Note = {
    id: newId(),
    topicId,
    title: (input.title ?? '').normalize('NFC').trim(),
    body: input.body ?? '',
    tags: normalizeTags(input.tags ?? []),
    pinned: false,
    createdAt: now,
    updatedAt: now,
  };
  return { data: withNote(data, note), note };
}

/** Edits a note; unchanged patches return the same note object (no save, no revision). */
export function updateNote(data: StoreData, patch: NotePatch, now: string): { data: StoreData; note: Note } {
  const current = requireNote(data, patch.id);
  if (patch.topicId) requireTopic(data, patch.topicId);
  const next: Note = {
    ...current,
    title: patch.title === undefined ? current.title : patch.title.normalize('NFC').trim(),
    body: patch.body ?? current.body,
    tags: patch.tags === undefined ? current.tags : normalizeTags(patch.tags),
    topicId: patch.topicId === undefined ? current.topicId : patch.topicId,
    pinned: patch.pinned ?? current.pinned,
  };
  const changed =
    next.title !== current.title ||
    next.body !== current.body ||
    next.topicId !== current.topicId ||
    next.pinned !== current.pinned ||
    next.tags.join('\n') !== current.tags.join('\n');
  if (!changed) return { data, note: current };
  const note = { ...next, updatedAt: now };
  return { data: withNote(data, note), note };
}

/** Moves a note to the trash (restorable until purged). */
export function trashNote(data: StoreData, id: string, now: string): { data: StoreData; note: Note } {
  const current = requireNote(data, id);
  const note = { ...current, deletedAt: now };
  return { data: withNote(data, note), note };
}
