import { copyFile, link, mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StoreData } from '../domain/model.js';
import { BlobStore } from './blobs.js';
import { plainSealer } from './sealed/sealer.js';

/** The folder of backups beside the store (the store files and their pool of attachment files). */
export const BACKUP_DIR = 'backups';

/**
 * Backups keep the attachment files their store references, without copying unchanged files again: every
 * backup's files are hard links in one pool, backups/attachments/<xx>/<hash>, and each backup lists its
 * hashes in <backup>.files. Hard links rather than a manifest into attachments/: blobs are immutable (never
 * written in place), so a link costs no space and no time, and it keeps a file even after the trash purge
 * removed it from attachments/ — restoring a backup brings back notes *and* their files. Where links are
 * impossible (another file system, FAT) the file is copied once. A file leaves the pool when no kept
 * backup lists it.
 *
 * In a protected notebook the blobs are sealed (store/blobs.ts), and they are linked as they are: the pool
 * holds the same sealed files, and a restore links them back. Nothing here reads a blob's content, so the
 * blob store below needs no key (`linkedOnly`).
 */
export const BACKUP_POOL = 'attachments';
const MANIFEST = '.files';

/** Links, stats and paths only: this BlobStore never opens a blob's content. */
const linkedOnly = (dataDir: string) => new BlobStore(dataDir, plainSealer);

function pool(dataDir: string): string {
  return path.join(dataDir, BACKUP_DIR, BACKUP_POOL);
}

/** Links the files `data` references into the pool and writes the backup's manifest. */
export async function keepBackupAttachments(
  dataDir: string,
  backupName: string,
  data: StoreData,
): Promise<number> {
  const hashes = [...new Set(Object.values(data.attachments).map((a) => a.hash))];
  if (hashes.length === 0) return 0;
  await mkdir(pool(dataDir), { recursive: true });
  const added = await linkedOnly(dataDir).linkInto(pool(dataDir), hashes);
  await writeFile(path.join(dataDir, BACKUP_DIR, backupName + MANIFEST), hashes.join('\n') + '\n');
  return added;
}

/** Drops manifests of rotated-away backups and pool files no remaining manifest lists. */
export async function pruneBackupAttachments(dataDir: string): Promise<void> {
  const dir = path.join(dataDir, BACKUP_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const kept = new Set<string>();
  let manifests = 0;
  for (const name of names) {
    if (!name.endsWith(MANIFEST)) continue;
    const backup = name.slice(0, -MANIFEST.length);
    if (!names.includes(backup)) {
      await unlink(path.join(dir, name)).catch(() => undefined);
      continue;
    }
    manifests++;
    for (const h of (await readFile(path.join(dir, name), 'utf8')).split('\n')) if (h) kept.add(h);
  }
  if (manifests === 0 && !names.includes(BACKUP_POOL)) return;
  for (const shard of await readdir(pool(dataDir)).catch(() => [] as string[]))
    for (const hash of await readdir(path.join(pool(dataDir), shard)).catch(() => [] as string[]))
      if (!kept.has(hash)) await unlink(path.join(pool(dataDir), shard, hash)).catch(() => undefined);
}

/** Brings back from the backup pool the files of `data` that are missing in attachments/ (after a restore). */
export async function restoreBackupAttachments(dataDir: string, data: StoreData): Promise<number> {
  const blobs = linkedOnly(dataDir);
  let restored = 0;
  for (const a of Object.values(data.attachments)) {
    if (await blobs.has(a.hash)) continue;
    const from = path.join(pool(dataDir), a.hash.slice(0, 2), a.hash);
    if (!(await stat(from).catch(() => null))) continue;
    await mkdir(path.dirname(blobs.path(a.hash)), { recursive: true });
    await link(from, blobs.path(a.hash)).catch(() => copyFile(from, blobs.path(a.hash)));
    restored++;
  }
  return restored;
}
