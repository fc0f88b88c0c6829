import type { StoreData } from '../domain/model.js';
import type { BackupInfo } from '../domain/records.js';
import { restoreBackupAttachments } from './backup-attachments.js';
import { listBackups, snapshotData } from './backups.js';
import { BlobStore } from './blobs.js';
import { appendExportLog, readExportLog } from './export-log.js';
import { RevisionLog } from './revisions.js';
import type { ExportLogEntry } from '../domain/export-log-entry.js';
import { loadStoreFile } from './load.js';
import type { NoteStore } from './store.js';

/**
 * The adapters the core asks for beside the store (core/context.ts `Backups` and `ExportLog`, the BlobStore,
 * the note history's RevisionLog), built over an
 * open store. The shell hands them to openCore, so the core never reaches into these files itself.
 */
export function storePorts(store: NoteStore, now: () => Date) {
  const blobs = new BlobStore(store.dataDir, store.sealer);
  const backups = {
    list: (): Promise<BackupInfo[]> => listBackups(store.dataDir),
    async load(name: string): Promise<StoreData | null> {
      const backup = (await listBackups(store.dataDir)).find((b) => b.name === name);
      if (!backup) return null;
      const loaded = await loadStoreFile(backup.path, { quarantine: false, sealer: store.sealer });
      return loaded ? loaded.data : null;
    },
    snapshot: async (data: StoreData, reason: string): Promise<void> => {
      await snapshotData(store.dataDir, data, reason, now(), store.sealer);
    },
    restoreAttachments: (data: StoreData): Promise<number> => restoreBackupAttachments(store.dataDir, data),
  };
  const exportLog = {
    append: (entry: ExportLogEntry): Promise<void> => appendExportLog(store.dataDir, store.sealer, entry),
    read: (): Promise<ExportLogEntry[]> => readExportLog(store.dataDir, store.sealer),
  };
  return { blobs, backups, exportLog, revisions: new RevisionLog(store.dataDir, store.sealer) };
}
