import type { Note, StoreData, Topic } from '../../domain/model.js';
import { DossierError } from '../../domain/errors.js';
import { requireNote } from '../notes/notes.js';
import { schemeOf } from './resolve.js';
import { levelNamed, type MarkingScheme } from '../../domain/marking-scheme.js';
import { notesOf, withNote } from '../../domain/note-access.js';

/** What a marking change sets; null clears the override (the note or topic inherits again). */
export type MarkingPatch = { marking?: string | null; releasableTo?: string[] | null };

function checkLevel(scheme: MarkingScheme, name: string): string {
  const level = levelNamed(scheme, name);
  if (!level)
    throw new DossierError(
      'BAD_INPUT',
      `${name} is not a level of this notebook's scheme (${scheme.levels.map((l) => l.name).join(', ')}).`,
    );
  return level.name;
}

/** Releasability is chosen from the topic's partners; returns them in the topic's spelling. */
function checkPartners(topic: Topic | undefined, partners: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of partners) {
    const known = topic?.partners.find((t) => t.localeCompare(p, undefined, { sensitivity: 'base' }) === 0);
    if (!known)
      throw new DossierError(
        'BAD_INPUT',
        topic
          ? `${p} is not a partner of ${topic.name}; add it to the topic first.`
          : 'A note in the inbox has no partners to release it to; move it to a topic first.',
      );
    if (!out.includes(known)) out.push(known);
  }
  return out;
}

function applyPatch<T extends Note | Topic>(
  record: T,
  scheme: MarkingScheme,
  topic: Topic | undefined,
  patch: MarkingPatch,
): T {
  const next = { ...record };
  if (patch.marking === null) delete next.marking;
  else if (patch.marking !== undefined) next.marking = checkLevel(scheme, patch.marking);
  if (patch.releasableTo === null) delete next.releasableTo;
  else if (patch.releasableTo !== undefined) next.releasableTo = checkPartners(topic, patch.releasableTo);
  return next;
}

const sameMarking = (a: Note | Topic, b: Note | Topic) =>
  a.marking === b.marking &&
  (a.releasableTo ?? []).join('\n') === (b.releasableTo ?? []).join('\n') &&
  (a.releasableTo === undefined) === (b.releasableTo === undefined);

/** Sets or clears a note's own marking and releasability (an edit: updatedAt moves). */
export function setNoteMarking(
  data: StoreData,
  id: string,
  patch: MarkingPatch,
  now: string,
): { data: StoreData; note: Note } {
  const current = requireNote(data, id);
  const topic = current.topicId ? data.topics[current.topicId] : undefined;
  const next = applyPatch(current, schemeOf(data), topic, patch);
  if (sameMarking(current, next)) return { data, note: current };
  const note = { ...next, updatedAt: now };
  return { data: withNote(data, note), note };
}

/** Sets or clears a topic's default marking and releasability for its notes. */
export function setTopicMarking(
  data: StoreData,
  id: string,
  patch: MarkingPatch,
  now: string,
): { data: StoreData; topic: Topic } {
  const current = data.topics[id];
  if (!current || current.deletedAt)
    throw new DossierError('NOT_FOUND', 'That topic no longer exists.', { id });
  const next = applyPatch(current, schemeOf(data), current, patch);
  if (sameMarking(current, next)) return { data, topic: current };
  const topic = { ...next, updatedAt: now };
  return { data: { ...data, topics: { ...data.topics, [id]: topic } }, topic };
}

/**
 * Replaces the scheme. A level still in use by a note or topic cannot disappear (those notes would
 * silently become "unknown"); the error names how many use it.
 */
export function setScheme(data: StoreData, scheme: MarkingScheme): StoreData {
  const names = new Set(scheme.levels.map((l) => l.name));
  const used = new Map<string, number>();
  for (const r of [...notesOf(data), ...Object.values(data.topics)])
    if (r.marking && !r.deletedAt && !names.has(r.marking))
      used.set(r.marking, (used.get(r.marking) ?? 0) + 1);
  if (used.size) {
    const list = [...used].map(([n, c]) => `${n} (${c})`).join(', ');
    throw new DossierError(
      'CONFLICT',
      `Levels still in use cannot be removed: ${list}. Re-mark those first.`,
    );
  }
  return { ...data, settings: { ...data.settings, markingScheme: scheme } };
}
