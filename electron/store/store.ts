import type { StoreData } from '../core/model.js';
import type { Changes } from '../core/changes.js';
import type { SaveState } from '../contract.js';

/**
 * Persistence behind a small interface so the core never knows about files.
 * The in-memory state changes at once on commit; the returned promise settles when the change is durable
 * (resolves) or when saving failed (rejects with a SAVE_FAILED DossierError; the state stays in memory and
 * the store keeps retrying).
 */
export type NoteStore = {
  readonly dataDir: string;
  readonly filePath: string;
  get(): StoreData;
  /** `changes` (what differs from the current state) spares the journal a full diff; without it, it diffs. */
  commit(next: StoreData, changes?: Changes): Promise<void>;
  status(): SaveState;
  /** Waits until everything committed so far is on disk. */
  flush(): Promise<void>;
  /** Flushes and releases the lock. */
  close(): Promise<void>;
};
