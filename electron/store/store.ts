import type { StoreData } from '../domain/model.js';
import type { Changes } from '../domain/changes.js';
import type { SaveState } from '../domain/views.js';
import type { StorageInfo } from './budget.js';
import type { Sealer } from './sealed/sealer.js';

/**
 * Persistence behind a small interface so the core never knows about files.
 * The in-memory state changes at once on commit; the returned promise settles when the change is durable
 * (resolves) or when saving failed (rejects with a SAVE_FAILED DossierError; the state stays in memory and
 * the store keeps retrying).
 */
export type NoteStore = {
  readonly dataDir: string;
  readonly filePath: string;
  /**
   * Every file the core writes beside the store (history, caches, attachments, logs) goes through this, so a
   * protected notebook keeps nothing readable on disk (store/sealed/sealer.ts); plain when not protected.
   */
  readonly sealer: Sealer;
  get(): StoreData;
  /** `changes` (what differs from the current state) spares the journal a full diff; without it, it diffs. */
  commit(next: StoreData, changes?: Changes): Promise<void>;
  /**
   * Throws STORE_FULL when committing `next` would grow the store past its size budget (or the store
   * is over it and read-only); call it before anything else changes. `action` names the change ("import").
   */
  admit?(next: StoreData, changes: Changes, action?: string): void;
  /** The same check for `bytes` of text in `records` new records about to be added (an import, before its files are read). */
  admitGrowth?(bytes: number, action?: string, records?: number): void;
  /** Size of the store, its budget, and whether it is read-only for being over it. */
  storage?(): StorageInfo | undefined;
  status(): SaveState;
  /** Waits until everything committed so far is on disk. */
  flush(): Promise<void>;
  /** Flushes and releases the lock. */
  close(): Promise<void>;
};
