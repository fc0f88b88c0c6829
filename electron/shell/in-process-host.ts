import { callNames, type AppInfo, type DossierApi } from '../contract.js';
import { DossierError, toErrorPayload, type ErrorPayload } from '../core/errors.js';
import { listBackups } from '../store/backups.js';
import { restoreBackup } from '../store/open-store.js';
import { openApp, type OpenedApp } from './open-app.js';

/** What a shell holds: one stable API object, the recovery problem if any, and a way to close (flush) it. */
export type HostedApp = { api: DossierApi; problem: () => ErrorPayload | null; close: () => Promise<void> };

const RECOVERABLE = new Set(['STORE_CORRUPT', 'STORE_VERSION']);

/**
 * Opens the app on this thread (the core worker runs this; see worker-host.ts for the shell side). If the store file is refused (corrupt, newer version) the shell still
 * starts, in recovery mode: every call answers with the problem except recovery.status / recovery.restore,
 * which restores a backup and then opens the app normally. Other failures (lock, I/O) are thrown.
 */
export async function hostInProcess(
  dataDir: string,
  mode: AppInfo['mode'],
  owner: string,
): Promise<HostedApp> {
  let current: OpenedApp | null = null;
  let problem: ErrorPayload | null = null;
  try {
    current = await openApp(dataDir, mode, { owner });
  } catch (err) {
    if (!(err instanceof DossierError) || !RECOVERABLE.has(err.code)) throw err;
    problem = toErrorPayload(err);
  }

  const recoveryApi = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const name of callNames) {
    recoveryApi[name] = async () => {
      throw new DossierError(problem!.code, problem!.message, problem!.details);
    };
  }
  recoveryApi['recovery.status'] = async () => ({ problem, backups: await listBackups(dataDir) });
  recoveryApi['recovery.restore'] = async (input) => {
    const r = await restoreBackup(dataDir, (input as { name?: string }).name);
    current = await openApp(dataDir, mode, { owner });
    problem = null;
    return r;
  };

  // One stable API object for the shell; it forwards to the live app once there is one.
  const api = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const name of callNames) {
    api[name] = (input) =>
      current ? (current.api[name] as (i: unknown) => Promise<unknown>)(input) : recoveryApi[name]!(input);
  }
  return {
    api: api as DossierApi,
    problem: () => problem,
    close: async () => {
      await current?.close();
    },
  };
}
