import { Low, type Adapter } from 'lowdb';
import type { StoreData } from '../domain/model.js';
import { mergeChanges, noChanges, type Changes } from '../domain/changes.js';
import { DossierError } from '../domain/errors.js';
import type { SaveState } from '../domain/views.js';
import type { NoteStore } from './store.js';
import { realFs, writeStoreDurably, type FsOps } from './chunked-writer.js';
import { BACKUP_DIR, backupName, hasBackupOn, listBackups, rotateBackups } from './backups.js';
import { keepBackupAttachments, pruneBackupAttachments } from './backup-attachments.js';
import { diffStates, JournalWriter } from './journal.js';
import type { StorageInfo, StoreBudget } from './budget.js';
import { plainSealer, type Sealer } from './sealed/sealer.js';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

const RETRY_DELAYS_MS = [500, 1000, 2000, 5000, 10_000];
const BACKUP_EVERY_SAVES = 200;
const MIN_JOURNAL_BYTES = 4 * 1024 * 1024;

/** Journal size that triggers a background snapshot (tests lower it to exercise compaction). */
function journalLimit(snapshotBytes: number): number {
  const fromEnv = Number(process.env.DOSSIER_JOURNAL_MAX_BYTES);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : Math.max(MIN_JOURNAL_BYTES, snapshotBytes / 4);
}

/** lowdb adapter: reading happens before (validated by load.ts); writing is the chunked durable save. */
class ChunkedDurableAdapter implements Adapter<StoreData> {
  constructor(
    private readonly file: string,
    private readonly initial: StoreData | null,
    private readonly fs: FsOps,
    private readonly sealer: Sealer,
  ) {}
  async read(): Promise<StoreData | null> {
    return this.initial;
  }
  async write(data: StoreData): Promise<void> {
    await writeStoreDurably(this.file, data, this.fs, this.sealer);
  }
}

type Waiter = { resolve: () => void; reject: (err: unknown) => void };

export type DurableStoreOptions = {
  dataDir: string;
  filePath: string;
  initial: StoreData;
  existed: boolean;
  release: () => Promise<void>;
  /** bytes of dossier.json when opened (sizes the journal) */
  snapshotBytes?: number;
  fs?: FsOps;
  now?: () => Date;
  /** size budget checked before growing commits (store/budget.ts); none: unlimited */
  budget?: StoreBudget;
  /** seals every file written (default: plain, protection off) */
  sealer?: Sealer;
};

/**
 * The lowdb store with the guarantees the core relies on. dossier.json is a full snapshot; each save
 * appends only the changed records to dossier.journal and fsyncs it (milliseconds even at 50k notes).
 * When the journal grows, a new snapshot is written in the background (chunked, no long event-loop stall)
 * and the journal is rotated. Saves are serialised, bursts coalesce, a promise resolves only once its state
 * is durable; failures reject with SAVE_FAILED, keep the state in memory and retry with backoff.
 */
export class DurableStore implements NoteStore {
  readonly dataDir: string;
  readonly filePath: string;
  readonly sealer: Sealer;
  private readonly db: Low<StoreData>;
  private readonly now: () => Date;
  private version = 0;
  private savedVersion = 0;
  private waiters: { version: number; waiter: Waiter }[] = [];
  private writing = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private savesSinceBackup = 0;
  private state: SaveState = { state: 'saved', lastSavedAt: null };
  private closed = false;
  private backupRun: Promise<void> = Promise.resolve();
  private readonly journal: JournalWriter;
  private readonly fs: FsOps;
  /** the state that is durable on disk (snapshot + journal) */
  private lastWritten: StoreData;
  /** what changed since lastWritten, as told by commit(); null when some commit did not say (then: full diff) */
  private pending: Changes | null = noChanges();
  private compaction: Promise<void> | null = null;
  private snapshotBytes: number;

  constructor(private readonly options: DurableStoreOptions) {
    this.dataDir = options.dataDir;
    this.filePath = options.filePath;
    this.sealer = options.sealer ?? plainSealer;
    this.now = options.now ?? (() => new Date());
    this.db = new Low<StoreData>(
      new ChunkedDurableAdapter(options.filePath, options.initial, options.fs ?? realFs, this.sealer),
      options.initial,
    );
    this.db.data = options.initial;
    this.fs = options.fs ?? realFs;
    this.journal = new JournalWriter(options.dataDir, this.fs, this.sealer);
    this.lastWritten = options.existed ? options.initial : ({} as StoreData);
    this.snapshotBytes = options.snapshotBytes ?? 0;
  }

  get(): StoreData {
    return this.db.data;
  }

  status(): SaveState {
    return this.state;
  }

  admit(next: StoreData, changes: Changes, action?: string): void {
    this.options.budget?.admit(this.db.data, next, changes, action);
  }

  admitGrowth(bytes: number, action?: string, records?: number): void {
    this.options.budget?.admitGrowth(bytes, action, records);
  }

  storage(): StorageInfo | undefined {
    return this.options.budget?.info();
  }

  commit(next: StoreData, changes?: Changes): Promise<void> {
    if (this.closed)
      return Promise.reject(new DossierError('SAVE_FAILED', 'Not saved: the store is closed.'));
    this.options.budget?.committed(this.db.data, next, changes);
    this.pending = this.pending && changes ? mergeChanges(this.pending, changes) : null;
    this.db.data = next;
    this.version += 1;
    const version = this.version;
    const done = new Promise<void>((resolve, reject) =>
      this.waiters.push({ version, waiter: { resolve, reject } }),
    );
    this.kick();
    return done;
  }

  async flush(): Promise<void> {
    while (this.savedVersion < this.version) {
      if (this.state.state === 'error' && !this.writing) {
        // Try once more now; if the disk still refuses, report it instead of waiting forever.
        this.clearRetry();
        await this.writeOnce().catch(() => undefined);
        if (this.savedVersion < this.version)
          throw new DossierError('SAVE_FAILED', `Not saved: ${this.state.error ?? 'unknown error'}`);
        continue;
      }
      await new Promise<void>((resolve) => {
        this.waiters.push({ version: this.version, waiter: { resolve, reject: () => resolve() } });
        this.kick();
      });
    }
    await this.backupRun;
  }

  /** Writes a full snapshot of what is durable and drops the journals it covers. */
  private async writeSnapshot(state: StoreData, onlyOld: boolean): Promise<void> {
    const bytes = await writeStoreDurably(this.filePath, state, this.fs, this.sealer);
    this.snapshotBytes = bytes;
    if (onlyOld) await this.journal.dropOld();
    else await this.journal.reset();
  }

  /** Folds the journal into dossier.json now (migration, close). */
  async compactNow(): Promise<void> {
    await this.flush();
    await this.compaction;
    if (this.writing) await this.flush();
    this.writing = true;
    // The state being written; commits that arrive meanwhile stay pending and are journaled after it.
    const state = this.db.data;
    const pending = this.takePending();
    try {
      await this.writeSnapshot(state, false);
      this.lastWritten = state;
    } catch (err) {
      this.restorePending(pending);
      throw err;
    } finally {
      this.writing = false;
    }
    this.kick();
  }

  /** Takes the changes up to the current state (for a write of it) and starts a fresh set for later commits. */
  private takePending(): Changes | null {
    const pending = this.pending;
    this.pending = noChanges();
    return pending;
  }

  /** A write failed: what it covered is pending again, together with anything committed since. */
  private restorePending(taken: Changes | null): void {
    this.pending = taken && this.pending ? mergeChanges(taken, this.pending) : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
      await this.compaction;
      // Leave a self-contained dossier.json behind for other tools (and a fast next start).
      if (this.journal.bytes > 0 || existsSync(path.join(this.dataDir, 'dossier.journal')))
        await this.compactNow().catch(() => undefined);
    } finally {
      await this.journal.close();
      this.closed = true;
      this.clearRetry();
      await this.options.release();
    }
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private kick(): void {
    if (this.writing || this.retryTimer || this.savedVersion >= this.version) return;
    void this.writeOnce().catch(() => undefined);
  }

  /** Writes the latest state once; every waiter whose version it covers settles. */
  private async writeOnce(): Promise<void> {
    this.writing = true;
    const version = this.version;
    this.state = { ...this.state, state: 'saving' };
    const target = this.db.data;
    const pending = this.takePending();
    try {
      if (!existsSync(this.filePath)) {
        // First save ever: a full snapshot, so dossier.json exists from the start.
        await this.db.write();
      } else {
        const entry = diffStates(this.lastWritten, target, pending ?? undefined);
        if (entry) await this.journal.append(entry);
      }
      this.lastWritten = target;
      this.savedVersion = Math.max(this.savedVersion, version);
      this.failures = 0;
      this.state = { state: 'saved', lastSavedAt: this.now().toISOString() };
      this.settle(version, null);
      if (!this.compaction && this.journal.bytes > journalLimit(this.snapshotBytes)) {
        await this.journal.rotate();
        this.compaction = this.writeSnapshot(target, true).finally(() => {
          this.compaction = null;
        });
      }
      // Backups follow the acknowledgement; flush() waits for them.
      this.backupRun = this.backupRun.then(() => this.maybeBackup()).catch(() => undefined);
    } catch (err) {
      this.restorePending(pending);
      const reason = describeFsError(err);
      this.failures += 1;
      this.state = {
        ...this.state,
        state: 'error',
        error: reason,
        pendingSince: this.state.pendingSince ?? this.now().toISOString(),
      };
      this.settle(version, new DossierError('SAVE_FAILED', `Not saved: ${reason}`));
      const delay = RETRY_DELAYS_MS[Math.min(this.failures - 1, RETRY_DELAYS_MS.length - 1)]!;
      if (!this.closed) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.kick();
        }, delay);
        this.retryTimer.unref?.();
      }
      throw err;
    } finally {
      this.writing = false;
    }
    this.kick();
  }

  private settle(version: number, error: DossierError | null): void {
    const remaining: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.version <= version) {
        if (error) w.waiter.reject(error);
        else w.waiter.resolve();
      } else remaining.push(w);
    }
    this.waiters = remaining;
  }

  private async maybeBackup(): Promise<void> {
    this.savesSinceBackup += 1;
    const now = this.now();
    const day = now.toISOString().slice(0, 10);
    const backups = await listBackups(this.dataDir);
    let reason: string;
    if (!hasBackupOn(backups, day)) reason = 'daily';
    else if (this.savesSinceBackup >= BACKUP_EVERY_SAVES) reason = 'recent';
    else return;
    // dossier.json may lag the journal, so a backup is written from the durable state itself.
    await mkdir(path.join(this.dataDir, BACKUP_DIR), { recursive: true });
    const name = backupName(reason, now);
    await writeStoreDurably(
      path.join(this.dataDir, BACKUP_DIR, name),
      this.lastWritten,
      this.fs,
      this.sealer,
    );
    await keepBackupAttachments(this.dataDir, name, this.lastWritten);
    this.savesSinceBackup = 0;
    await rotateBackups(this.dataDir);
    await pruneBackupAttachments(this.dataDir);
  }
}

/** A short, human reason for a failed save. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied on the data folder';
    case 'EROFS':
      return 'the data folder is on a read-only disk';
    case 'EIO':
      return 'the disk reported an input/output error';
    default:
      return (err as Error).message ?? String(err);
  }
}
