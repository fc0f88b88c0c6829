import { DossierError } from '../../domain/errors.js';
import type { BackupInfo } from '../../domain/records.js';
import type { CoreContext } from '../context.js';
import { recordsStep } from '../undo/steps.js';

/** Backups: list them, and restore one into the running notebook as an undoable step. */
export function backupsUseCases(ctx: CoreContext) {
  return {
    listBackups(): Promise<BackupInfo[]> {
      return ctx.backups.list();
    },

    /** Restores a backup; the current state is snapshotted first and undo brings it back. */
    async restoreBackup(name: string): Promise<{ restored: string; undoId: number | null }> {
      const loaded = await ctx.backups.load(name);
      if (!loaded) throw new DossierError('NOT_FOUND', `Backup ${name} does not exist.`);
      await ctx.store.flush();
      await ctx.backups.snapshot(ctx.store.get(), 'before-restore');
      const label = `Restore backup ${name}`;
      const r = await ctx.mutate((d) => ({ data: { ...loaded, settings: d.settings }, value: undefined }), {
        undo: (b, a, ch) => recordsStep(label, b, a, ch.notes, ch.topics),
        history: true,
        action: 'restore',
      });
      // The backup's attachment files come back from the backup pool.
      await ctx.backups.restoreAttachments(ctx.store.get());
      return { restored: name, undoId: r.undoId };
    },
  };
}

/** The backup use cases, as the composed core carries them. */
export type BackupsUseCases = ReturnType<typeof backupsUseCases>;
