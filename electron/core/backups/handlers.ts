import { DossierError } from '../../domain/errors.js';
import type { BackupsUseCases } from './use-cases.js';

/** backups.*, and the recovery.* calls of a store that opened normally (the host answers them otherwise). */
export function backupsHandlers(core: BackupsUseCases) {
  return {
    'backups.list': () => core.listBackups(),
    'backups.restore': (i: { name: string }) => core.restoreBackup(i.name),
    'recovery.status': async () => ({ problem: null, backups: await core.listBackups() }),
    'recovery.restore': async (): Promise<{ restored: string }> => {
      throw new DossierError('CONFLICT', 'The notes file opened normally; use backups.restore instead.');
    },
  };
}
