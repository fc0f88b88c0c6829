import { DossierError } from '../../domain/errors.js';
import type { JobRegistry } from '../jobs.js';
import type { AppUseCases } from './use-cases.js';

async function hostOnly(): Promise<never> {
  throw new DossierError('CONFLICT', 'Protection is managed by the app host, not by the core on its own.');
}

/** app.info, store.*, jobs.*, and the protection.* calls of a core used on its own (tests, CLI). */
export function appHandlers(core: AppUseCases, jobs: JobRegistry) {
  return {
    'app.info': async () => core.info(),
    'store.status': async () => core.saveState(),
    'store.changes': async (i: { since: number }) => core.changesSince(i.since),
    'jobs.progress': async (i: { jobId: string }) => jobs.progress(i.jobId),
    'jobs.cancel': async (i: { jobId: string }) => ({ cancelled: jobs.cancel(i.jobId) }),
    // Encryption at rest opens and closes the core, so the host answers these (shell/in-process-host.ts); a
    // core used on its own is an unprotected one.
    'protection.status': async () => ({
      protected: false,
      locked: false,
      state: 'off' as const,
      hasRecoveryKey: false,
      autoLockMinutes: null,
      kdf: null,
    }),
    'protection.unlock': hostOnly,
    'protection.lock': hostOnly,
    'protection.enable': hostOnly,
    'protection.disable': hostOnly,
    'protection.changePassphrase': hostOnly,
    'protection.newRecoveryKey': hostOnly,
    'protection.setAutoLock': hostOnly,
    // No protection, no auto-lock: nothing to restart.
    'protection.touch': async () => ({ autoLockInMs: null }),
  };
}
