import type { Note, NoteMap, StoreData, Topic } from '../../domain/model.js';
import { noteOf } from '../../domain/note-access.js';
import { normalizeTag, tagWithin } from '../tags/normalize.js';
import { mergeText } from '../notes/merge-save.js';

/**
 * Undoable steps as inverse operations, not snapshots: each step remembers what it did, and its inverse
 * touches only what still matches, so edits made after the step survive its undo (issue 10).
 */
export type TagMap = { kind: 'rename'; from: string; to: string } | { kind: 'remove'; tag: string };

export type UndoStep =
  /** rename / merge / remove of a tag: the tags each touched note had before and after */
  | { kind: 'tags'; label: string; map: TagMap; notes: Map<string, { before: string[]; after: string[] }> }
  /** notes and topics moved to the trash, with the deletedAt they got (and the record, in case it is purged) */
  | { kind: 'trash'; label: string; notes: Map<string, Note>; topics: Map<string, Topic> }
  /** links rewritten in note bodies (after a rename): each body before and after the rewrite */
  | { kind: 'text'; label: string; notes: Map<string, { before: string; after: string }> }
  /** records an import added, as added */
  | { kind: 'import'; label: string; notes: Map<string, Note>; topics: Map<string, Topic> }
  /** whole records replaced (empty trash, backup restore): put back only what nobody changed since */
  | {
      kind: 'records';
      label: string;
      notes: Map<string, { before: Note | undefined; after: Note | undefined }>;
      topics: Map<string, { before: Topic | undefined; after: Topic | undefined }>;
    };

/** What an undo would do, said before it runs. */
export type UndoPlan = {
  data: StoreData;
  /** sentences about things that changed since the step and how the undo treats them */
  conflicts: string[];
  /** true when the undo would remove something edited since; it runs only with confirm */
  needsConfirm: boolean;
  /** notes whose content the undo changes (for history and the change feed) */
  touched: string[];
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** "was" / "were" (or any singular / plural pair) agreeing with n. */
const agree = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** The tag a note's tag becomes under the step's map (null: removed). */
export function mapTag(map: TagMap, tag: string): string | null {
  if (map.kind === 'remove') return tagWithin(tag, map.tag) ? null : tag;
  return tagWithin(tag, map.from) ? map.to + tag.slice(map.from.length) : tag;
}

export function tagMapOf(kind: 'rename' | 'remove', a: string, b = ''): TagMap {
  return kind === 'remove'
    ? { kind, tag: normalizeTag(a) }
    : { kind, from: normalizeTag(a), to: normalizeTag(b) };
}

/** Builds a tags step from the states around a tag change. */
export function tagStep(
  label: string,
  map: TagMap,
  before: StoreData,
  after: StoreData,
  ids: Iterable<string>,
): UndoStep {
  const notes = new Map<string, { before: string[]; after: string[] }>();
  for (const id of ids) {
    const b = noteOf(before, id);
    const a = noteOf(after, id);
    if (b && a) notes.set(id, { before: b.tags, after: a.tags });
  }
  return { kind: 'tags', label, map, notes };
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** What an Overlay writes over: the notes map, or a plain record (topics) seen through the same three calls. */
type Base<T> = {
  get(id: string): T | undefined;
  has(id: string): boolean;
  entries(): Iterable<[string, T]>;
};

/** A plain record as a Base. */
function recordBase<T>(record: Record<string, T>): Base<T> {
  return {
    get: (id) => (Object.hasOwn(record, id) ? record[id] : undefined),
    has: (id) => Object.hasOwn(record, id),
    entries: () => Object.entries(record),
  };
}

/**
 * Writes over a record map without copying it: peek only needs to know what undo would do, and copying a
 * 50,000-note map for that costs tens of milliseconds.
 */
class Overlay<T> {
  readonly writes = new Map<string, T | undefined>();
  constructor(private readonly base: Base<T>) {}
  get(id: string): T | undefined {
    return this.writes.has(id) ? this.writes.get(id) : this.base.get(id);
  }
  set(id: string, rec: T | undefined): void {
    this.writes.set(id, rec);
  }
  /** Every record as it would be (ids in the base first, then new ones). */
  *values(): Iterable<T> {
    for (const [id, rec] of this.base.entries()) {
      const now = this.writes.has(id) ? this.writes.get(id) : rec;
      if (now !== undefined) yield now;
    }
    for (const [id, rec] of this.writes) if (!this.base.has(id) && rec !== undefined) yield rec;
  }
}

/** The topics record with an overlay's writes applied (the record itself when there are none). */
function buildRecord<T>(base: Record<string, T>, overlay: Overlay<T>): Record<string, T> {
  if (overlay.writes.size === 0) return base;
  const next = { ...base };
  for (const [id, rec] of overlay.writes) {
    if (rec === undefined) delete next[id];
    else next[id] = rec;
  }
  return next;
}

/** The notes map with an overlay's writes applied, sharing everything they do not touch. */
function buildNotes(base: NoteMap, overlay: Overlay<Note>): NoteMap {
  if (overlay.writes.size === 0) return base;
  const e = base.edit();
  for (const [id, rec] of overlay.writes) {
    if (rec === undefined) e.delete(id);
    else e.set(id, rec);
  }
  return e.done();
}

type Inverse = { conflicts: string[]; needsConfirm: boolean };

function invertTags(step: Extract<UndoStep, { kind: 'tags' }>, notes: Overlay<Note>): Inverse {
  let kept = 0;
  let gone = 0;
  for (const [id, { before }] of step.notes) {
    const note = notes.get(id);
    if (!note) {
      gone += 1;
      continue;
    }
    const current = new Set(note.tags);
    const add: string[] = [];
    const drop: string[] = [];
    let skipped = false;
    for (const t of before) {
      const mapped = mapTag(step.map, t);
      if (mapped === t) continue;
      if (mapped === null) {
        add.push(t);
      } else if (current.has(mapped)) {
        add.push(t);
        if (!before.includes(mapped)) drop.push(mapped);
      } else {
        // The note no longer carries the new tag: someone changed it since; leave it alone.
        skipped = true;
      }
    }
    if (skipped) kept += 1;
    for (const t of drop) current.delete(t);
    for (const t of add) current.add(t);
    const next = [...current].sort();
    if (!sameTags(next, note.tags)) notes.set(id, { ...note, tags: next });
  }
  const conflicts: string[] = [];
  if (kept)
    conflicts.push(
      `${plural(kept, 'note')} no longer ${agree(kept, 'carries', 'carry')} the ${step.map.kind === 'rename' ? `tag ${step.map.to}` : 'tag'}; left as ${agree(kept, 'it is', 'they are')}.`,
    );
  if (gone)
    conflicts.push(
      `${plural(gone, 'note')} ${agree(gone, 'was', 'were')} deleted for good since; nothing to undo there.`,
    );
  return { conflicts, needsConfirm: false };
}

/**
 * Takes back body rewrites as a three-way merge (base: the rewritten body, the other side: the body before):
 * what was typed since stays, and a note whose changed lines clash is left as it is.
 */
function invertText(step: Extract<UndoStep, { kind: 'text' }>, notes: Overlay<Note>, now: string): Inverse {
  let kept = 0;
  let gone = 0;
  for (const [id, { before, after }] of step.notes) {
    const note = notes.get(id);
    if (!note || note.deletedAt) {
      gone += 1;
      continue;
    }
    const r = mergeText(after, note.body, before);
    if (r.conflict) kept += 1;
    else if (r.text !== note.body) notes.set(id, { ...note, body: r.text, updatedAt: now });
  }
  const conflicts: string[] = [];
  if (kept)
    conflicts.push(
      `${plural(kept, 'note')} changed the same lines since; left as ${agree(kept, 'it is', 'they are')}.`,
    );
  if (gone)
    conflicts.push(
      `${plural(gone, 'note')} ${agree(gone, 'was', 'were')} deleted since; nothing to undo there.`,
    );
  return { conflicts, needsConfirm: false };
}

/** Text step: the bodies a change rewrote, before and after. */
export function textStep(
  label: string,
  before: StoreData,
  after: StoreData,
  ids: Iterable<string>,
): UndoStep {
  const notes = new Map<string, { before: string; after: string }>();
  for (const id of ids) {
    const b = noteOf(before, id);
    const a = noteOf(after, id);
    if (b && a && b.body !== a.body) notes.set(id, { before: b.body, after: a.body });
  }
  return { kind: 'text', label, notes };
}

function withoutDeleted<T extends { deletedAt?: string | undefined }>(rec: T): T {
  const { deletedAt: _gone, ...live } = rec;
  return live as T;
}

function invertTrash(
  step: Extract<UndoStep, { kind: 'trash' }>,
  notes: Overlay<Note>,
  topics: Overlay<Topic>,
): Inverse {
  let already = 0;
  for (const [id, deleted] of step.topics) {
    const current = topics.get(id);
    if (!current) topics.set(id, withoutDeleted(deleted));
    else if (current.deletedAt) topics.set(id, withoutDeleted(current));
  }
  for (const [id, deleted] of step.notes) {
    const current = notes.get(id);
    // Restore the note as it is now (a tag rename since also reached the trash), only the deletion goes.
    let restored: Note;
    if (!current) restored = withoutDeleted(deleted);
    else if (current.deletedAt) restored = withoutDeleted(current);
    else {
      already += 1;
      continue;
    }
    notes.set(id, restored);
    const topic = restored.topicId ? topics.get(restored.topicId) : undefined;
    if (topic?.deletedAt) topics.set(topic.id, withoutDeleted(topic));
  }
  const conflicts = already
    ? [`${plural(already, 'note')} ${agree(already, 'was', 'were')} restored from the trash already.`]
    : [];
  return { conflicts, needsConfirm: false };
}

/** An imported note counts as edited when its content differs from what the import added. */
function editedSince(added: Note, current: Note): boolean {
  return (
    current.title !== added.title ||
    current.body !== added.body ||
    current.topicId !== added.topicId ||
    !sameTags(current.tags, added.tags)
  );
}

function invertImport(
  step: Extract<UndoStep, { kind: 'import' }>,
  notes: Overlay<Note>,
  topics: Overlay<Topic>,
  now: string,
  confirm: boolean,
): Inverse {
  let edited = 0;
  for (const [id, added] of step.notes) {
    const current = notes.get(id);
    if (!current) continue;
    if (editedSince(added, current)) {
      edited += 1;
      // Edited since: with confirmation it goes to the trash (restorable), never deleted outright.
      if (confirm && !current.deletedAt) notes.set(id, { ...current, deletedAt: now });
      continue;
    }
    notes.set(id, undefined);
  }
  let keptTopics = 0;
  if (step.topics.size) {
    const used = new Map<string, boolean>();
    for (const n of notes.values()) {
      if (n.topicId && step.topics.has(n.topicId))
        used.set(n.topicId, (used.get(n.topicId) ?? false) || !n.deletedAt);
    }
    for (const id of step.topics.keys()) {
      const topic = topics.get(id);
      if (!topic) continue;
      const live = used.get(id);
      if (live === undefined) topics.set(id, undefined);
      else if (!live && (confirm || edited === 0))
        topics.set(id, { ...topic, deletedAt: topic.deletedAt ?? now });
      else keptTopics += 1;
    }
  }
  const conflicts: string[] = [];
  if (edited)
    conflicts.push(
      `${plural(edited, 'imported note')} ${agree(edited, 'was', 'were')} edited since; ${
        confirm ? 'moved to the trash' : 'undo moves them to the trash'
      }.`,
    );
  if (keptTopics)
    conflicts.push(
      `${plural(keptTopics, 'imported topic')} now ${agree(keptTopics, 'holds', 'hold')} other notes; kept.`,
    );
  return { conflicts, needsConfirm: edited > 0 };
}

function putBack<T>(
  records: Overlay<T>,
  saved: Map<string, { before: T | undefined; after: T | undefined }>,
): number {
  let kept = 0;
  for (const [id, { before, after }] of saved) {
    // Records are immutable: the same object means nobody touched it since the step.
    if (records.get(id) !== after) kept += 1;
    else records.set(id, before);
  }
  return kept;
}

function invertRecords(
  step: Extract<UndoStep, { kind: 'records' }>,
  notes: Overlay<Note>,
  topics: Overlay<Topic>,
): Inverse {
  const n = putBack(notes, step.notes);
  const t = putBack(topics, step.topics);
  const conflicts: string[] = [];
  if (n) conflicts.push(`${plural(n, 'note')} changed since; kept as ${agree(n, 'it is', 'they are')} now.`);
  if (t) conflicts.push(`${plural(t, 'topic')} changed since; kept as ${agree(t, 'it is', 'they are')} now.`);
  return { conflicts, needsConfirm: false };
}

/** Records step for a change that replaced whole records. */
export function recordsStep(
  label: string,
  before: StoreData,
  after: StoreData,
  noteIds: Iterable<string>,
  topicIds: Iterable<string>,
): UndoStep {
  const notes = new Map<string, { before: Note | undefined; after: Note | undefined }>();
  for (const id of noteIds) notes.set(id, { before: noteOf(before, id), after: noteOf(after, id) });
  const topics = new Map<string, { before: Topic | undefined; after: Topic | undefined }>();
  for (const id of topicIds) topics.set(id, { before: before.topics[id], after: after.topics[id] });
  return { kind: 'records', label, notes, topics };
}

/** Trash step: the notes and topics that a change moved to the trash. */
export function trashStep(
  label: string,
  after: StoreData,
  noteIds: Iterable<string>,
  topicIds: Iterable<string>,
): UndoStep {
  const notes = new Map<string, Note>();
  for (const id of noteIds) {
    const n = noteOf(after, id);
    if (n?.deletedAt) notes.set(id, n);
  }
  const topics = new Map<string, Topic>();
  for (const id of topicIds) if (after.topics[id]?.deletedAt) topics.set(id, after.topics[id]!);
  return { kind: 'trash', label, notes, topics };
}

/** Import step: the notes and topics an import added. */
export function importStep(
  label: string,
  before: StoreData,
  after: StoreData,
  noteIds: Iterable<string>,
  topicIds: Iterable<string>,
): UndoStep {
  const notes = new Map<string, Note>();
  for (const id of noteIds) {
    const n = noteOf(after, id);
    if (!noteOf(before, id) && n) notes.set(id, n);
  }
  const topics = new Map<string, Topic>();
  for (const id of topicIds) if (!before.topics[id] && after.topics[id]) topics.set(id, after.topics[id]!);
  return { kind: 'import', label, notes, topics };
}

/** True when the step changed nothing worth undoing. */
export function isEmptyStep(step: UndoStep): boolean {
  return step.notes.size === 0 && (step.kind === 'tags' || step.kind === 'text' || step.topics.size === 0);
}

/**
 * What undoing `step` on `data` would do; pure, so peek and run share it. `dry` (peek) skips building the
 * new state.
 */
export function planUndo(
  step: UndoStep,
  data: StoreData,
  now: string,
  confirm = false,
  dry = false,
): UndoPlan {
  const notes = new Overlay<Note>(data.notes);
  const topics = new Overlay<Topic>(recordBase(data.topics));
  let r: Inverse;
  switch (step.kind) {
    case 'tags':
      r = invertTags(step, notes);
      break;
    case 'trash':
      r = invertTrash(step, notes, topics);
      break;
    case 'import':
      r = invertImport(step, notes, topics, now, confirm);
      break;
    case 'records':
      r = invertRecords(step, notes, topics);
      break;
    case 'text':
      r = invertText(step, notes, now);
      break;
  }
  const touched = [...notes.writes.keys()];
  if (dry) return { ...r, data, touched };
  return {
    ...r,
    data: { ...data, notes: buildNotes(data.notes, notes), topics: buildRecord(data.topics, topics) },
    touched,
  };
}
