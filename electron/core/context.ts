import type { Note, StoreData } from '../domain/model.js';
import type { AppInfo, NoteView } from '../domain/views.js';
import type { BackupInfo } from '../domain/records.js';
import type { Clock } from '../domain/clock.js';
import type { Changes } from '../domain/changes.js';
import { diffChanges, notesChanged, verifyChanges } from '../domain/changes.js';
import type { NoteStore } from '../store/store.js';
import type { BlobStore } from '../store/blobs.js';
import type { UndoStack } from './undo/stack.js';
import type { UndoStep } from './undo/steps.js';
import type { RevisionLog } from '../store/revisions.js';
import type { ExportLogEntry } from '../domain/export-log-entry.js';
import type { ChangeFeed } from './sync/change-feed.js';
import type { TextIndex } from './search/text-index.js';
import type { LinkIndex } from './links/link-index.js';
import type { Attachments } from './attachments/attachments.js';
import type { TextExtractor } from './attachments/extract.js';
import type { JobRegistry } from './jobs.js';
import { syncSearchCaches } from './search/evaluate.js';

/** What opening the core needs besides the store: where shipped assets are, who is asking, which clock. */
export type CoreOptions = {
  clock?: Clock;
  /** folder holding sample-data.json and other shipped assets */
  assetsDir: string;
  appVersion: string;
  mode: AppInfo['mode'];
};

/** The store's backups as the core sees them (store/backups.ts and friends behind it; wired by the shell). */
export type Backups = {
  list(): Promise<BackupInfo[]>;
  /** the notes of a backup, or null when it does not exist */
  load(name: string): Promise<StoreData | null>;
  /** writes a snapshot of `data` now (before a restore, say) */
  snapshot(data: StoreData, reason: string): Promise<void>;
  /** brings back the files of attachments `data` references from the backup pool */
  restoreAttachments(data: StoreData): Promise<number>;
};

/** The export log beside the store (store/export-log.ts): every export, print and push, appended durably. */
export type ExportLog = {
  append(entry: ExportLogEntry): Promise<void>;
  /** newest first */
  read(): Promise<ExportLogEntry[]>;
};

/** A pure state change: the next state, what the caller gets back, and (when known) the only notes it touched. */
export type Change<T> = (data: StoreData) => { data: StoreData; value: T; onlyNotes?: string[] };

/** Builds the undo step of a change from the states around it. */
export type StepBuilder<T> = (before: StoreData, after: StoreData, changes: Changes, value: T) => UndoStep;

/** How a change is saved: undoable (with the step that takes it back), recorded in history, named. */
export type MutateOptions<T> = {
  undo?: StepBuilder<T>;
  /** keep the prior version of every changed note in history (bulk changes, undo, restore) */
  history?: boolean;
  /** names the change in a "would make your notes too large" refusal (store budget) */
  action?: string;
};

/** The services every domain's use cases share; built once per open by open-core.ts. */
export type CoreServices = {
  readonly store: NoteStore;
  readonly options: CoreOptions;
  readonly clock: Clock;
  readonly undo: UndoStack;
  readonly revisions: RevisionLog;
  /** versions of notes and the change feed the renderer polls (see sync/change-feed.ts) */
  readonly feed: ChangeFeed;
  /** full-text index, built after open and kept in sync by mutate */
  readonly index: TextIndex;
  /** links between notes, kept in sync like the text index */
  readonly links: LinkIndex;
  readonly blobs: BlobStore;
  readonly attachments: Attachments;
  readonly fileText: TextExtractor;
  readonly jobs: JobRegistry;
  readonly backups: Backups;
  readonly exportLog: ExportLog;
};

/**
 * The small shared context of the domain modules (core/<domain>/): the services, plus the one way to change
 * state (`mutate`), the note view the UI gets, and the indexes' readiness.
 */
export type CoreContext = CoreServices & {
  now(): string;
  /**
   * Applies a pure state change and saves it; with `undo`, records the step that takes it back (an inverse
   * operation, see undo/steps.ts) and returns its id.
   */
  mutate<T>(change: Change<T>, options?: MutateOptions<T>): Promise<{ value: T; undoId: number | null }>;
  /** Same as mutate, for changes that are not undoable: just the value. */
  apply<T>(change: Change<T>, action?: string): Promise<T>;
  /** A note as the UI sees it: with the version its next save must name as its base. */
  view(note: Note): NoteView;
  /** Starts (once) making the text index ready; searches scan until it is. */
  startIndexing(): Promise<void>;
  /** Starts (once) making the link index ready. */
  startLinking(): Promise<void>;
  /** The link index, once ready (the first call after open waits for it). */
  linkIndex(): Promise<LinkIndex>;
  /** Unreferenced attachment files are collected at close (set after a purge or a removed reference). */
  collectPending: boolean;
};

/** The context's own behaviour over the services: mutate, view; the index lifecycles are added by open-core. */
export function withMutate(services: CoreServices): Pick<CoreContext, 'now' | 'mutate' | 'apply' | 'view'> {
  const { store, clock, undo, index, links, feed, revisions } = services;
  const mutate = async <T>(
    change: Change<T>,
    options: MutateOptions<T> = {},
  ): Promise<{ value: T; undoId: number | null }> => {
    const before = store.get();
    const { data, value, onlyNotes } = change(before);
    let undoId: number | null = null;
    if (data !== before) {
      // The everyday edits name the notes they touch, which spares a diff of every record (≈20 ms at 50,000
      // notes); everything else is diffed. Tests check each hint against the full diff.
      const changes = onlyNotes ? notesChanged(onlyNotes) : diffChanges(before, data);
      if (onlyNotes && process.env.DOSSIER_VERIFY_CHANGES) verifyChanges(before, data, changes);
      // Before undo, index or disk change: a refused change leaves no trace.
      store.admit?.(data, changes, options.action);
      if (options.undo) undoId = undo.push(options.undo(before, data, changes, value));
      index.sync(before, data, changes.notes);
      links.sync(before, data, changes.notes);
      syncSearchCaches(before, data, changes.notes);
      feed.record(before, data, changes);
      if (options.history) {
        const prior = [...changes.notes].flatMap((id) => {
          const n = before.notes[id];
          return n && n !== data.notes[id] ? [n] : [];
        });
        if (prior.length) void revisions.recordMany(prior, clock().getTime());
      }
      await store.commit(data, changes);
    }
    return { value, undoId };
  };
  return {
    now: () => clock().toISOString(),
    mutate,
    apply: async (change, action) => (await mutate(change, action ? { action } : {})).value,
    view: (note) => ({ ...note, version: feed.versionOf(note.id) }),
  };
}
