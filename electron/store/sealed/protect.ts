import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { DossierError } from '../../domain/errors.js';
import { fsyncDir } from '../durable-file.js';
import { acquireLock } from '../lock.js';
import { convertDataDir, type ConvertReport } from './convert.js';
import {
  createProtection,
  PROTECTION_FILE,
  readProtection,
  rewrapPassphrase,
  replaceRecoveryKey,
  unlockDataKey,
  writeProtection,
  type ProtectionFile,
  type Secret,
} from './protection-file.js';
import { keySealer, plainSealer } from './sealer.js';

/**
 * Turning protection on and off for a data folder, and changing how its key is wrapped. Enable and disable
 * rewrite every file, so they run with the store closed and its lock held (the host closes the app first,
 * which also folds the journal into dossier.json). Both are resumable: protection.json says "converting" or
 * "removing" until every file is done, and the next unlock finishes the job (resumeConversion).
 */

async function withLock<T>(dataDir: string, owner: string, run: () => Promise<T>): Promise<T> {
  const release = await acquireLock(dataDir, owner);
  try {
    return await run();
  } finally {
    await release();
  }
}

const bothFormats = (dataKey: Buffer) => keySealer(dataKey, { requireSealed: false });

export type Enabled = {
  file: ProtectionFile;
  dataKey: Buffer;
  recoveryKey: string | null;
  report: ConvertReport;
};

/** Protects an unprotected notebook: a new data key, protection.json, then every file sealed. */
export async function enableProtection(
  dataDir: string,
  passphrase: string,
  options: { withRecoveryKey?: boolean; owner?: string } = {},
): Promise<Enabled> {
  return withLock(dataDir, options.owner ?? 'protect', async () => {
    if (await readProtection(dataDir))
      throw new DossierError('CONFLICT', 'This notebook is already protected with a passphrase.');
    const created = await createProtection(passphrase, {
      withRecoveryKey: options.withRecoveryKey !== false,
    });
    await writeProtection(dataDir, created.file);
    const finished = await finishConversion(dataDir, created.file, created.dataKey);
    return { ...created, file: finished.file!, report: finished.report };
  });
}

/**
 * Removes protection: every file back to plain, then protection.json goes. `dataKey` comes from
 * unlockDataKey (the caller checks the passphrase before closing anything).
 */
export async function disableProtection(
  dataDir: string,
  dataKey: Buffer,
  options: { owner?: string } = {},
): Promise<ConvertReport> {
  return withLock(dataDir, options.owner ?? 'unprotect', async () => {
    const file = await requireProtection(dataDir);
    const removing: ProtectionFile = { ...file, state: 'removing', changedAt: new Date().toISOString() };
    await writeProtection(dataDir, removing);
    return (await finishConversion(dataDir, removing, dataKey)).report;
  });
}

/**
 * Completes a conversion in state "converting" (→ on) or "removing" (→ no protection.json). The caller
 * holds the store lock. Returns the file as it is now (null: protection removed).
 */
export async function finishConversion(
  dataDir: string,
  file: ProtectionFile,
  dataKey: Buffer,
): Promise<{ file: ProtectionFile | null; report: ConvertReport }> {
  // A copy of the key: the sealer zeroes it when forgotten, the caller keeps its own.
  const from = bothFormats(Buffer.from(dataKey));
  try {
    if (file.state === 'removing') {
      const report = await convertDataDir(dataDir, { from, to: plainSealer });
      await unlink(path.join(dataDir, PROTECTION_FILE));
      await fsyncDir(dataDir);
      return { file: null, report };
    }
    const report = await convertDataDir(dataDir, { from, to: from });
    if (file.state === 'on') return { file, report };
    const on: ProtectionFile = { ...file, state: 'on', changedAt: new Date().toISOString() };
    await writeProtection(dataDir, on);
    return { file: on, report };
  } finally {
    from.forget();
  }
}

/** Resumes a conversion cut short (state converting/removing) under the store lock; nothing to do when "on". */
export async function resumeConversion(
  dataDir: string,
  file: ProtectionFile,
  dataKey: Buffer,
  owner = 'unlock',
): Promise<{ file: ProtectionFile | null; report: ConvertReport } | null> {
  if (file.state === 'on') return null;
  return withLock(dataDir, owner, () => finishConversion(dataDir, file, dataKey));
}

async function requireProtection(dataDir: string): Promise<ProtectionFile> {
  const file = await readProtection(dataDir);
  if (!file) throw new DossierError('CONFLICT', 'This notebook is not protected with a passphrase.');
  return file;
}

/** Rewraps the data key under a new passphrase; no other file is touched. */
export async function changePassphrase(
  dataDir: string,
  current: Secret,
  next: string,
): Promise<ProtectionFile> {
  const file = await requireProtection(dataDir);
  const dataKey = await unlockDataKey(file, current);
  try {
    const updated = await rewrapPassphrase(file, dataKey, next);
    await writeProtection(dataDir, updated);
    return updated;
  } finally {
    dataKey.fill(0);
  }
}

/** A new recovery key (the old one stops working); returned once. */
export async function newRecoveryKey(
  dataDir: string,
  secret: Secret,
): Promise<{ file: ProtectionFile; recoveryKey: string }> {
  const file = await requireProtection(dataDir);
  const dataKey = await unlockDataKey(file, secret);
  try {
    const r = await replaceRecoveryKey(file, dataKey);
    await writeProtection(dataDir, r.file);
    return r;
  } finally {
    dataKey.fill(0);
  }
}

/** Stores the auto-lock setting in protection.json (it must be known while locked). */
export async function setAutoLock(dataDir: string, minutes: number | null): Promise<ProtectionFile> {
  const file = await requireProtection(dataDir);
  const updated: ProtectionFile = { ...file, autoLockMinutes: minutes, changedAt: new Date().toISOString() };
  await writeProtection(dataDir, updated);
  return updated;
}
