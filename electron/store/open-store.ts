import { copyFile, mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { replayJournals, JOURNAL_FILE, OLD_JOURNAL_FILE } from './journal.js';
import path from 'node:path';
import { emptyStoreData } from '../domain/model.js';
import { DossierError } from '../domain/errors.js';
import type { NoteStore } from './store.js';
import { acquireLock } from './lock.js';
import { loadStoreFile } from './load.js';
import { DurableStore } from './durable-store.js';
import { writeStoreDurably, type FsOps } from './chunked-writer.js';
import { BACKUP_DIR, listBackups, snapshot } from './backups.js';
import { StoreBudget, storeBudgetBytes, storeBytes } from './budget.js';
import { NotePacker, packNotes } from './packed-notes.js';
import type { Sealer } from './sealed/sealer.js';

export const STORE_FILE = 'dossier.json';

export type OpenStoreOptions = {
  /** who opens it, for lock messages */ owner?: string;
  fs?: FsOps;
  now?: () => Date;
  /** size budget in bytes (default: storeBudgetBytes()) */
  budgetBytes?: number;
  /** a protected notebook's sealer (store/sealed/); default plain */
  sealer?: Sealer;
};

/**
 * The one way every shell opens the store for a data dir: take the lock, read and validate (migrating
 * old versions after a backup), refuse unreadable files without writing. The lock is released on error.
 */
export async function openStore(
  dataDir: string,
  options: OpenStoreOptions = {},
): Promise<NoteStore & { compactNow(): Promise<void> }> {
  await mkdir(dataDir, { recursive: true });
  const filePath = path.join(dataDir, STORE_FILE);
  const release = await acquireLock(dataDir, options.owner ?? 'Dossier');
  try {
    // Temp files of saves cut short by a crash; we hold the lock, so no one else is writing them.
    for (const name of await readdir(dataDir)) {
      // Temp files of interrupted writes: of the store, and of the search-index cache (core/search/index-cache.ts).
      if (
        (name.startsWith(`.${STORE_FILE}.`) || name.startsWith('.search-index.bin.')) &&
        name.endsWith('.tmp')
      )
        await unlink(path.join(dataDir, name)).catch(() => undefined);
    }
    const sealer = options.sealer;
    // Bodies as UTF-8 outside the JS heap (about half the memory of V8's UTF-16 strings), packed as each
    // note is read so the open never holds every body as a string; see packed-notes.ts.
    const packer = new NotePacker();
    const loaded = await loadStoreFile(filePath, { packer, ...(sealer ? { sealer } : {}) });
    const replay = await replayJournals(dataDir, loaded?.data ?? emptyStoreData(), sealer);
    const snapshotBytes = loaded ? (await stat(filePath)).size : 0;
    // The file's size is the store's size as we write it, unless the journal changed it since, it
    // is an older version's file, or it is over the budget (then it is measured, not trusted: an
    // indented file from another tool must not open read-only for its whitespace).
    const budgetBytes = options.budgetBytes ?? storeBudgetBytes();
    const asWritten = loaded && replay.replayed === 0 && loaded.migratedFrom === null;
    const bytes = asWritten && loaded.bytes <= budgetBytes ? loaded.bytes : storeBytes(replay.data);
    const budget = new StoreBudget(budgetBytes, bytes);
    // Notes the journal brought (and those of an older file, checked whole) are packed now.
    packNotes(replay.data, packer);
    const store = new DurableStore({
      dataDir,
      filePath,
      initial: replay.data,
      existed: loaded !== null,
      release,
      snapshotBytes,
      budget,
      ...(options.fs ? { fs: options.fs } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.sealer ? { sealer: options.sealer } : {}),
    });
    if (loaded?.migratedFrom != null) {
      await snapshot(
        dataDir,
        filePath,
        `before-migration-from-v${loaded.migratedFrom}`,
        options.now?.() ?? new Date(),
      );
      await store.compactNow();
    } else if (replay.hasOld || (!loaded && replay.replayed > 0)) {
      // A compaction was cut short: fold everything into a new snapshot before any new journal rotation.
      await store.compactNow();
    }
    return store;
  } catch (err) {
    await release();
    throw err;
  }
}

/**
 * Replaces a refused store with a backup (newest valid one unless named). The refused file has already
 * been copied aside as dossier.json.corrupt-…; if it has not (e.g. a version refusal), it is copied now.
 * A protected notebook passes its sealer: backups that fail their integrity check are skipped like unreadable ones.
 */
export async function restoreBackup(
  dataDir: string,
  name?: string,
  sealer?: Sealer,
): Promise<{ restored: string }> {
  const release = await acquireLock(dataDir, 'restore');
  try {
    const filePath = path.join(dataDir, STORE_FILE);
    const candidates = (await listBackups(dataDir)).filter((b) => !name || b.name === name);
    for (const b of candidates) {
      const loaded = await loadStoreFile(b.path, { quarantine: false, ...(sealer ? { sealer } : {}) }).catch(
        () => null,
      );
      if (!loaded) continue;
      await copyFile(
        filePath,
        `${filePath}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`,
      ).catch(() => undefined);
      await writeStoreDurably(filePath, loaded.data, undefined, sealer);
      // The journals belonged to the refused state: keep them aside, never delete them.
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      for (const j of [JOURNAL_FILE, OLD_JOURNAL_FILE])
        await rename(path.join(dataDir, j), path.join(dataDir, `${j}.replaced-${stamp}`)).catch(
          () => undefined,
        );
      return { restored: b.name };
    }
    throw new DossierError(
      'NOT_FOUND',
      name
        ? `Backup ${name} is missing or unreadable.`
        : `No readable backup in ${path.join(dataDir, BACKUP_DIR)}.`,
    );
  } finally {
    await release();
  }
}
