import { open, readFile, unlink } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DossierError } from '../domain/errors.js';

export const LOCK_FILE = 'dossier.lock';

type LockInfo = { pid: number; owner: string; host: string; since: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One writer per data dir: an exclusive lock file holding pid, owner and host. A lock whose process is
 * gone (crash, kill -9) on this host is stale and taken over.
 */
export async function acquireLock(dataDir: string, owner: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, owner, host: os.hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o600);
      await fh.writeFile(JSON.stringify(info));
      await fh.sync();
      await fh.close();
      const releaseSync = () => {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once('exit', releaseSync);
      return async () => {
        process.removeListener('exit', releaseSync);
        await unlink(file).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: Partial<LockInfo> = {};
    try {
      holder = JSON.parse(await readFile(file, 'utf8')) as LockInfo;
    } catch {
      // half-written lock of a crashed process: treat as stale
    }
    const sameHost = !holder.host || holder.host === os.hostname();
    if (typeof holder.pid === 'number' && holder.pid !== process.pid && (!sameHost || alive(holder.pid))) {
      throw new DossierError(
        'STORE_LOCKED',
        `Dossier is already open by PID ${holder.pid} (${holder.owner ?? 'another Dossier'}${sameHost ? '' : ` on ${holder.host}`}) for ${dataDir}. Close it first, or use another --data-dir.`,
        { pid: holder.pid, owner: holder.owner, dataDir },
      );
    }
    await unlink(file).catch(() => undefined);
  }
  throw new DossierError('STORE_LOCKED', `Could not take the lock on ${dataDir}.`, { dataDir });
}
