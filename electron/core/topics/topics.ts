import { newId } from '../../domain/new-id.js';
import type { StoreData, Topic, TopicStatus } from '../../domain/model.js';
import { DossierError } from '../../domain/errors.js';
import { noteList, withNotes as putNotes } from '../../domain/note-access.js';
import type { TopicSummary } from '../../domain/views.js';
import { noteStats } from '../notes/note-stats.js';

export type TopicInput = { name: string; description?: string; partners?: string[]; status?: TopicStatus };
export type TopicPatch = Partial<TopicInput> & { id: string };

/** Trims partners, drops empties and case-insensitive duplicates, keeps the first spelling. */
export function normalizePartners(partners: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of partners) {
    const p = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
    const key = p.toLocaleLowerCase();
    if (p && !seen.has(key)) {
      seen.add(key);
      result.push(p);
    }
  }
  return result;
}

function cleanName(name: string): string {
  const n = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!n) throw new DossierError('BAD_INPUT', 'A topic needs a name.');
  return n;
}

function assertUniqueName(data: StoreData, name: string, exceptId?: string): void {
  const key = name.toLocaleLowerCase();
  for (const t of Object.values(data.topics)) {
    if (t.id !== exceptId && !t.deletedAt && t.name.toLocaleLowerCase() === key) {
      throw new DossierError('CONFLICT', `A topic named "${t.name}" already exists.`, { topicId: t.id });
    }
  }
}

/** Live (not trashed) topic by id, or NOT_FOUND. */
export function requireTopic(data: StoreData, id: string): Topic {
  const topic = data.topics[id];
  if (!topic || topic.deletedAt) throw new DossierError('NOT_FOUND', 'That topic no longer exists.', { id });
  return topic;
}

/** Adds a topic; names are unique case-insensitively among live topics. */
export function createTopic(
  data: StoreData,
  input: TopicInput,
  now: string,
): { data: StoreData; topic: Topic } {
  const name = cleanName(input.name);
  assertUniqueName(data, name);
  const topic: Topic = {
    id: newId(),
    name,
    description: input.description?.trim() ?? '',
    partners: normalizePartners(input.partners ?? []),
    status: input.status ?? 'active',
    createdAt: now,
    updatedAt: now,
  };
  return { data: { ...data, topics: { ...data.topics, [topic.id]: topic } }, topic };
}

/** Renames or edits a topic's partners, status or description. */
export function updateTopic(
  data: StoreData,
  patch: TopicPatch,
  now: string,
): { data: StoreData; topic: Topic } {
  const current = requireTopic(data, patch.id);
  const name = patch.name === undefined ? current.name : cleanName(patch.name);
  if (name !== current.name) assertUniqueName(data, name, current.id);
  const topic: Topic = {
    ...current,
    name,
    description: patch.description === undefined ? current.description : patch.description.trim(),
    partners: patch.partners === undefined ? current.partners : normalizePartners(patch.partners),
    status: patch.status ?? current.status,
    updatedAt: now,
  };
  return { data: { ...data, topics: { ...data.topics, [topic.id]: topic } }, topic };
}

/**
 * Moves a topic to the trash. A topic with live notes is only deleted when `withNotes` is set,
 * and then its notes go to the trash too.
 */
export function deleteTopic(
  data: StoreData,
  id: string,
  withNotes: boolean,
  now: string,
): { data: StoreData; deletedNotes: number } {
  const topic = requireTopic(data, id);
  const notes = noteList(data).filter((n) => n.topicId === id && !n.deletedAt);
  if (notes.length > 0 && !withNotes) {
    throw new DossierError(
      'CONFLICT',
      `"${topic.name}" still has ${notes.length} note(s). Confirm to delete the topic with its notes.`,
      {
        noteCount: notes.length,
      },
    );
  }
  const next = putNotes(
    data,
    notes.map((n) => ({ ...n, deletedAt: now })),
  );
  return {
    data: { ...next, topics: { ...data.topics, [id]: { ...topic, deletedAt: now } } },
    deletedNotes: notes.length,
  };
}

/** What localeCompare(b, undefined, { sensitivity: 'base' }) does, without making a collator per comparison. */
const byName = new Intl.Collator(undefined, { sensitivity: 'base' });

/**
 * Live topics by name with their live note counts: topics.list, asked after every change, reads the counts
 * moved on from the last save (notes/note-stats.ts) instead of counting every note.
 */
export function topicSummaries(data: StoreData): TopicSummary[] {
  const counts = noteStats(data).byTopic;
  return Object.values(data.topics)
    .filter((t) => !t.deletedAt)
    .map((t) => ({ ...t, noteCount: counts.get(t.id) ?? 0 }))
    .sort((a, b) => byName.compare(a.name, b.name));
}
