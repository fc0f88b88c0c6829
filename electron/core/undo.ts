import type { Note, StoreData, Topic } from './model.js';

/** The records a destructive action changed, as they were before: undo puts them back. */
export type UndoEntry = {
  label: string;
  notes: Map<string, Note | undefined>;
  topics: Map<string, Topic | undefined>;
};

function diffRecords<T>(before: Record<string, T>, after: Record<string, T>): Map<string, T | undefined> {
  const changed = new Map<string, T | undefined>();
  if (before === after) return changed;
  for (const [id, rec] of Object.entries(after)) if (before[id] !== rec) changed.set(id, before[id]);
  for (const [id, rec] of Object.entries(before)) if (!(id in after)) changed.set(id, rec);
  return changed;
}

/** Captures what changed between two states by reference (the core never mutates records in place). */
export function captureUndo(label: string, before: StoreData, after: StoreData): UndoEntry {
  return { label, notes: diffRecords(before.notes, after.notes), topics: diffRecords(before.topics, after.topics) };
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
