import { callNames, type AppInfo, type DossierApi, type ProtectionStatus } from '../contract/index.js';
import { DossierError, toErrorPayload, type ErrorPayload } from '../domain/errors.js';
import { listBackups } from '../store/backups.js';
import { restoreBackup } from '../store/open-store.js';
import {
  checkNewPassphrase,
  readProtection,
  unlockDataKey,
  type ProtectionFile,
  type Secret,
} from '../store/sealed/protection-file.js';
import {
  changePassphrase,
  disableProtection,
  enableProtection,
  newRecoveryKey,
  resumeConversion,
  setAutoLock,
} from '../store/sealed/protect.js';
import { keySealer, type Sealer } from '../store/sealed/sealer.js';
import { openApp, type OpenedApp } from './open-app.js';

/** What a shell holds: one stable API object, the recovery problem if any, and a way to close (flush) it. */
export type HostedApp = { api: DossierApi; problem: () => ErrorPayload | null; close: () => Promise<void> };

const RECOVERABLE = new Set(['STORE_CORRUPT', 'STORE_VERSION', 'DATA_TAMPERED']);

/** Calls the page makes on its own (polling); they do not count as use for auto-lock. */
const PASSIVE = new Set<string>(['store.status', 'store.changes', 'jobs.progress', 'protection.status']);
/** How often the auto-lock timer looks (the setting is in whole minutes). */
const AUTO_LOCK_TICK_MS = 15_000;

type Call = (input: unknown) => Promise<unknown>;
type KeySealer = Sealer & { forget(): void };

export type HostOptions = {
  /** the clock auto-lock measures idle time with (tests move it) */
  now?: () => number;
  /** how often auto-lock looks (default 15 s) */
  autoLockTickMs?: number;
};

/**
 * Opens the app on this thread (the core worker runs this; see worker-host.ts for the shell side).
 *
 * Recovery mode: if the store file is refused (corrupt, newer version, failed its integrity check) the shell
 * still starts: every call answers with the problem except recovery.status / recovery.restore, which restores
 * a backup and then opens the app normally. Other failures (lock, I/O) are thrown.
 *
 * Encryption at rest (store/sealed/): a protected notebook starts locked. Until protection.unlock derives its
 * key, every call answers NOTEBOOK_LOCKED (but store.status and the protection.* calls other than
 * protection.touch) and no core exists. protection.lock (or auto-lock after the notebook's idle minutes)
 * flushes and closes the app, forgets the key and drops the core, so no decrypted note stays referenced
 * here. Enable and disable close the app, convert every file under the store lock and open it again. The key
 * lives only in this thread: a worker that dies takes it along, and the restarted one comes back locked.
 */
export async function hostInProcess(
  dataDir: string,
  mode: AppInfo['mode'],
  owner: string,
  options: HostOptions = {},
): Promise<HostedApp> {
  const now = options.now ?? (() => Date.now());
  let current: OpenedApp | null = null;
  let problem: ErrorPayload | null = null;
  let protection: ProtectionFile | null = await readProtection(dataDir);
  let sealer: KeySealer | null = null;
  let lastUse = now();
  /** non-passive calls still running */
  let busy = 0;
  // Protection calls open and close the app: one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  const locked = () => protection !== null && sealer === null;

  /** Opens the app with the current sealer; a refused store file becomes recovery mode. */
  async function open(): Promise<void> {
    problem = null;
    try {
      current = await openApp(dataDir, mode, { owner, ...(sealer ? { sealer } : {}) });
    } catch (err) {
      if (!(err instanceof DossierError) || !RECOVERABLE.has(err.code)) throw err;
      problem = toErrorPayload(err);
    }
  }

  async function closeApp(): Promise<void> {
    const app = current;
    current = null;
    await app?.close();
  }

  function forgetKey(): void {
    sealer?.forget();
    sealer = null;
  }

  if (!protection) await open();

  function status(): ProtectionStatus {
    return {
      protected: protection !== null,
      locked: locked(),
      state: protection?.state ?? 'off',
      hasRecoveryKey: protection?.recovery != null,
      autoLockMinutes: protection?.autoLockMinutes ?? null,
      kdf: protection?.kdf ?? null,
    };
  }

  async function unlock(secret: Secret): Promise<ProtectionStatus> {
    if (!protection || !locked()) return status();
    const dataKey = await unlockDataKey(protection, secret);
    try {
      const resumed = await resumeConversion(dataDir, protection, dataKey, owner);
      if (resumed) protection = resumed.file;
      if (protection) sealer = keySealer(dataKey, { requireSealed: protection.state === 'on' });
      else dataKey.fill(0);
      await open();
    } catch (err) {
      forgetKey();
      dataKey.fill(0);
      throw err;
    }
    lastUse = now();
    return status();
  }

  async function lock(): Promise<ProtectionStatus> {
    if (!protection || locked()) return status();
    try {
      await closeApp();
    } finally {
      forgetKey();
      problem = null;
    }
    return status();
  }

  async function enable(input: { passphrase: string; recoveryKey: boolean }) {
    if (protection) throw new DossierError('CONFLICT', 'This notebook is already protected.');
    if (problem)
      throw new DossierError(
        'CONFLICT',
        'Restore a backup first: the notes file could not be opened, so it cannot be protected.',
      );
    checkNewPassphrase(input.passphrase);
    await closeApp();
    let enabled;
    try {
      enabled = await enableProtection(dataDir, input.passphrase, {
        withRecoveryKey: input.recoveryKey,
        owner,
      });
    } catch (err) {
      // Cut short after protection.json was written: the notebook stays locked and the next unlock finishes.
      protection = await readProtection(dataDir).catch(() => protection);
      // The error that stopped it is the one to report, even if reopening fails too.
      if (!protection) await open().catch(() => undefined);
      throw err;
    }
    protection = enabled.file;
    sealer = keySealer(enabled.dataKey, { requireSealed: true });
    await open();
    lastUse = now();
    return {
      status: status(),
      recoveryKey: enabled.recoveryKey,
      sealed: enabled.report.converted + enabled.report.linked,
      removed: enabled.report.removed,
    };
  }

  async function disable(secret: Secret): Promise<ProtectionStatus> {
    if (!protection) throw new DossierError('CONFLICT', 'This notebook is not protected.');
    // Checked before anything closes: a wrong passphrase changes nothing.
    const dataKey = await unlockDataKey(protection, secret);
    try {
      await closeApp();
      forgetKey();
      await disableProtection(dataDir, dataKey, { owner });
    } catch (err) {
      protection = await readProtection(dataDir).catch(() => protection);
      throw err;
    } finally {
      dataKey.fill(0);
    }
    protection = null;
    await open();
    return status();
  }

  const protectionApi: Record<string, Call> = {
    'protection.status': async () => status(),
    'protection.unlock': (i) => serial(() => unlock(i as Secret)),
    'protection.lock': () => serial(lock),
    'protection.enable': (i) => serial(() => enable(i as { passphrase: string; recoveryKey: boolean })),
    'protection.disable': (i) => serial(() => disable(i as Secret)),
    'protection.changePassphrase': (i) =>
      serial(async () => {
        const { current: secret, next } = i as { current: Secret; next: string };
        protection = await changePassphrase(dataDir, secret, next);
        return status();
      }),
    'protection.newRecoveryKey': (i) =>
      serial(async () => {
        const r = await newRecoveryKey(dataDir, i as Secret);
        protection = r.file;
        return { recoveryKey: r.recoveryKey };
      }),
    'protection.setAutoLock': (i) =>
      serial(async () => {
        protection = await setAutoLock(dataDir, (i as { minutes: number | null }).minutes);
        lastUse = now();
        return status();
      }),
    // Not serial: it waits for nothing and changes nothing on disk. While locked there is no idle time to
    // restart, and answering anything but NOTEBOOK_LOCKED would tell the window the notebook is open.
    'protection.touch': async () => {
      if (locked()) return lockedAnswer('protection.touch');
      lastUse = now();
      const minutes = protection?.autoLockMinutes;
      return { autoLockInMs: minutes ? minutes * 60_000 : null };
    },
  };

  const recoveryApi: Record<string, Call> = {};
  for (const name of callNames) {
    recoveryApi[name] = async () => {
      throw new DossierError(problem!.code, problem!.message, problem!.details);
    };
  }
  recoveryApi['recovery.status'] = async () => ({ problem, backups: await listBackups(dataDir) });
  recoveryApi['recovery.restore'] = (input) =>
    serial(async () => {
      const r = await restoreBackup(dataDir, (input as { name?: string }).name, sealer ?? undefined);
      await open();
      return r;
    });

  const lockedAnswer = (name: string): Promise<unknown> => {
    if (name === 'store.status') return Promise.resolve({ state: 'saved', lastSavedAt: null, locked: true });
    if (name === 'recovery.status') return Promise.resolve({ problem: null, backups: [] });
    return Promise.reject(
      new DossierError('NOTEBOOK_LOCKED', 'This notebook is locked. Enter its passphrase to open it.'),
    );
  };

  // One stable API object for the shell; it forwards to the live app once there is one.
  const api: Record<string, Call> = {};
  for (const name of callNames) {
    api[name] = (input) => {
      if (!PASSIVE.has(name)) lastUse = now();
      if (protectionApi[name]) return protectionApi[name]!(input);
      if (locked()) return lockedAnswer(name);
      if (current) {
        if (PASSIVE.has(name)) return (current.api[name] as Call)(input);
        // A long call (an import, an export) is use until it ends: auto-lock waits for it.
        busy++;
        return (current.api[name] as Call)(input).finally(() => {
          busy--;
          lastUse = now();
        });
      }
      if (problem) return recoveryApi[name]!(input);
      // Between closing and reopening (enable, disable): nothing to answer with.
      return Promise.reject(new DossierError('CONFLICT', 'The notebook is being converted; try again.'));
    };
  }

  // Auto-lock: after the notebook's idle minutes without a call made by the user, lock as protection.lock does.
  const autoLock = setInterval(() => {
    const minutes = protection?.autoLockMinutes;
    if (!minutes || locked() || busy > 0 || now() - lastUse < minutes * 60_000) return;
    void serial(lock).catch(() => undefined);
  }, options.autoLockTickMs ?? AUTO_LOCK_TICK_MS);
  autoLock.unref?.();

  return {
    api: api as DossierApi,
    problem: () => problem,
    close: async () => {
      clearInterval(autoLock);
      await serial(async () => {
        try {
          await closeApp();
        } finally {
          forgetKey();
        }
      });
    },
  };
}
