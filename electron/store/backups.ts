import { copyFile, mkdir, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { StoreData } from '../domain/model.js';
import { writeStoreDurably } from './chunked-writer.js';
import { keepBackupAttachments } from './backup-attachments.js';
import type { Sealer } from './sealed/sealer.js';

import { BACKUP_DIR } from './backup-attachments.js';

export { BACKUP_DIR };
const KEEP_RECENT = 10;
const KEEP_DAILY = 7;

import type { BackupInfo } from '../domain/records.js';
export type { BackupInfo };

/** Backups beside the store, newest first. */
export async function listBackups(dataDir: string): Promise<BackupInfo[]> {
  const dir = path.join(dataDir, BACKUP_DIR);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const infos: BackupInfo[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const s = await stat(path.join(dir, name)).catch(() => null);
    if (s) infos.push({ name, path: path.join(dir, name), createdAt: s.mtime.toISOString(), bytes: s.size });
  }
  return infos.sort((a, b) => b.name.localeCompare(a.name));
}

/** Sortable, timestamped backup file name. */
export function backupName(reason: string, now: Date): string {
  return `dossier-${now.toISOString().replace(/[:.]/g, '-')}-${reason}.json`;
}

/** Copies a complete store file into backups/ with a sortable timestamped name. */
export async function snapshot(
  dataDir: string,
  storeFile: string,
  reason: string,
  now: Date,
): Promise<string> {
  const dir = path.join(dataDir, BACKUP_DIR);
  await mkdir(dir, { recursive: true });
  const name = backupName(reason, now);
  await copyFile(storeFile, path.join(dir, name));
  return name;
}

/** Keeps the newest 10 backups plus the newest of each of the last 7 days; deletes the rest. */
export async function rotateBackups(dataDir: string): Promise<void> {
  const all = await listBackups(dataDir);
  const keep = new Set(all.slice(0, KEEP_RECENT).map((b) => b.name));
  const days = new Set<string>();
  for (const b of all) {
    const day = b.name.slice('dossier-'.length, 'dossier-'.length + 10);
    if (!days.has(day) && days.size < KEEP_DAILY) {
      days.add(day);
      keep.add(b.name);
    }
  }
  for (const b of all) if (!keep.has(b.name)) await unlink(b.path).catch(() => undefined);
}

/** Whether today already has a backup. */
export function hasBackupOn(backups: BackupInfo[], day: string): boolean {
  return backups.some((b) => b.name.startsWith(`dossier-${day}`));
}

/** Writes a state (not a file that may lag the journal) as a backup. */
export async function snapshotData(
  dataDir: string,
  data: StoreData,
  reason: string,
  now: Date,
  sealer?: Sealer,
): Promise<string> {
  await mkdir(path.join(dataDir, BACKUP_DIR), { recursive: true });
  const name = backupName(reason, now);
  await writeStoreDurably(path.join(dataDir, BACKUP_DIR, name), data, undefined, sealer);
  await keepBackupAttachments(dataDir, name, data);
  return name;
}
