import type { Note, StoreData, Topic } from './model.js';
import type { Changes } from './changes.js';

/** The records a destructive action changed, as they were before: undo puts them back. */
export type UndoEntry = {
  label: string;
  notes: Map<string, Note | undefined>;
  topics: Map<string, Topic | undefined>;
};

function previous<T>(before: Record<string, T>, ids: Iterable<string>): Map<string, T | undefined> {
  const saved = new Map<string, T | undefined>();
  for (const id of ids) saved.set(id, before[id]);
  return saved;
}

/** Keeps the earlier version of every note and topic that a change touched (see core/changes.ts). */
export function captureUndo(label: string, before: StoreData, changes: Changes): UndoEntry {
  return {
    label,
    notes: previous(before.notes, changes.notes),
    topics: previous(before.topics, changes.topics),
  };
}

function restore<T>(current: Record<string, T>, saved: Map<string, T | undefined>): Record<string, T> {
  if (saved.size === 0) return current;
  const next = { ...current };
  for (const [id, rec] of saved) {
    if (rec === undefined) delete next[id];
    else next[id] = rec;
  }
  return next;
}

/** Applies an undo entry to the current state. */
export function applyUndo(data: StoreData, entry: UndoEntry): StoreData {
  return { ...data, notes: restore(data.notes, entry.notes), topics: restore(data.topics, entry.topics) };
}

/** A small bounded stack of undo entries. */
export class UndoStack {
  private entries: UndoEntry[] = [];
  constructor(private readonly limit = 50) {}
  push(entry: UndoEntry): void {
    if (entry.notes.size === 0 && entry.topics.size === 0) return;
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.shift();
  }
  peek(): UndoEntry | undefined {
    return this.entries.at(-1);
  }
  pop(): UndoEntry | undefined {
    return this.entries.pop();
  }
}
