import type { Note } from '../../domain/model.js';
import type { CoreContext } from '../context.js';
import { recordsStep } from '../undo/steps.js';
import { purgeTrash, restoreFromTrash, trashedNote } from './trash.js';

/** The trash: restore, read, empty (undoable until close), expire, and its retention setting. */
export function trashUseCases(ctx: CoreContext) {
  return {
    restoreFromTrash(kind: 'note' | 'topic', id: string): Promise<{ restored: string }> {
      return ctx.apply((d) => ({ data: restoreFromTrash(d, kind, id), value: { restored: id } }), 'restore');
    },

    /** A trashed note, read-only, so it can be read before it is restored. */
    trashedNote(id: string): Note {
      return trashedNote(ctx.store.get(), id);
    },

    async emptyTrash(): Promise<{ notes: number; topics: number; undoId: number | null }> {
      // Files only the purged notes referenced go at close: until then, undo can bring the notes back.
      ctx.collectPending = true;
      const r = await ctx.mutate(
        (d) => {
          const x = purgeTrash(d);
          return { data: x.data, value: { notes: x.notes, topics: x.topics } };
        },
        { undo: (b, a, ch) => recordsStep('Empty trash', b, a, ch.notes, ch.topics) },
      );
      return { ...r.value, undoId: r.undoId };
    },

    /** Deletes trash older than the retention setting (run at open). */
    purgeExpiredTrash(): Promise<{ notes: number; topics: number }> {
      const days = ctx.store.get().settings.trashRetentionDays;
      const cutoff = new Date(ctx.clock().getTime() - days * 86_400_000).toISOString();
      return ctx.apply((d) => {
        const r = purgeTrash(d, cutoff);
        return { data: r.data, value: { notes: r.notes, topics: r.topics } };
      });
    },

    setTrashRetention(days: number): Promise<void> {
      return ctx.apply((d) => ({
        data: { ...d, settings: { ...d.settings, trashRetentionDays: days } },
        value: undefined,
      }));
    },
  };
}

/** The trash use cases, as the composed core carries them. */
export type TrashUseCases = ReturnType<typeof trashUseCases>;
