import type { StoreData } from './model.js';

export type Collection = 'notes' | 'topics' | 'savedSearches' | 'attachments';
export const COLLECTIONS: readonly Collection[] = ['notes', 'topics', 'savedSearches', 'attachments'];
/** The collections held as plain records in memory (the notes are a map; see model.ts). */
export const RECORD_COLLECTIONS = ['topics', 'savedSearches', 'attachments'] as const;

/**
 * Ids of records that differ between two states, per collection (added, changed or removed), and
 * whether settings changed. Computed once per change by the core and handed to the index, undo and the
 * store journal, so a one-note edit in a 50,000-note store is not diffed three times.
 */
export type Changes = { [K in Collection]: Set<string> } & { settings: boolean };

export function noChanges(): Changes {
  return {
    notes: new Set(),
    topics: new Set(),
    savedSearches: new Set(),
    attachments: new Set(),
    settings: false,
  };
}

/**
 * Reference diff (the core never mutates records in place); collections that kept their object are skipped,
 * and the notes map compares only the chunks two states do not share.
 */
export function diffChanges(before: StoreData, after: StoreData): Changes {
  const changes = noChanges();
  for (const id of after.notes.changedSince(before.notes)!) changes.notes.add(id);
  for (const c of RECORD_COLLECTIONS) {
    const a = before[c] as Record<string, unknown>;
    const b = after[c] as Record<string, unknown>;
    if (a === b) continue;
    for (const id in b) if (a[id] !== b[id]) changes[c].add(id);
    for (const id in a) if (!(id in b)) changes[c].add(id);
  }
  changes.settings = before.settings !== after.settings;
  return changes;
}

/** Adds `more` into `into` (for changes that pile up between two saves). */
export function mergeChanges(into: Changes, more: Changes): Changes {
  for (const c of COLLECTIONS) for (const id of more[c]) into[c].add(id);
  into.settings ||= more.settings;
  return into;
}

/** Changes that touch only these notes. */
export function notesChanged(ids: readonly string[]): Changes {
  return { ...noChanges(), notes: new Set(ids) };
}

/** Throws when a hint misses something the full diff finds (tests run with DOSSIER_VERIFY_CHANGES=1). */
export function verifyChanges(before: StoreData, after: StoreData, hint: Changes): void {
  const full = diffChanges(before, after);
  for (const c of COLLECTIONS) {
    for (const id of full[c]) if (!hint[c].has(id)) throw new Error(`change hint misses ${c}/${id}`);
  }
  if (full.settings && !hint.settings) throw new Error('change hint misses settings');
}
