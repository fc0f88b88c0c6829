import { DossierError } from '../../domain/errors.js';
import type { UndoPeek } from '../../domain/views.js';
import type { CoreContext } from '../context.js';
import { planUndo } from './steps.js';

/** Undo by inverse operations: what the newest step would do, and doing it. */
export function undoUseCases(ctx: CoreContext) {
  return {
    /** The step undo would take back and, if anything changed since, what it will do about it. */
    peekUndo(): UndoPeek {
      const entry = ctx.undo.peek();
      if (!entry) return { label: null, id: null, conflicts: [], needsConfirm: false };
      const plan = planUndo(entry.step, ctx.store.get(), ctx.now(), false, true);
      return {
        label: entry.step.label,
        id: entry.id,
        conflicts: plan.conflicts,
        needsConfirm: plan.needsConfirm,
      };
    },

    /**
     * Takes back the newest step by its inverse. `id` (from the toast) must still be the newest step; a step
     * that would remove something edited since runs only with `confirm`.
     */
    async runUndo(
      options: { id?: number | undefined; confirm?: boolean | undefined } = {},
    ): Promise<{ label: string; id: number; conflicts: string[] }> {
      const entry = ctx.undo.peek();
      if (!entry) throw new DossierError('NOT_FOUND', 'There is nothing to undo.');
      if (options.id !== undefined && options.id !== entry.id)
        throw new DossierError(
          'CONFLICT',
          `That step was superseded; undo would now take back "${entry.step.label}".`,
          { superseded: true },
        );
      const plan = planUndo(entry.step, ctx.store.get(), ctx.now(), options.confirm ?? false, true);
      if (plan.needsConfirm && !options.confirm)
        throw new DossierError('CONFLICT', `Undo "${entry.step.label}"? ${plan.conflicts.join(' ')}`, {
          needsConfirm: true,
          conflicts: plan.conflicts,
        });
      ctx.undo.pop();
      await ctx.mutate(
        (d) => ({
          data: planUndo(entry.step, d, ctx.now(), options.confirm ?? false).data,
          value: undefined,
        }),
        { history: true, action: 'undo' },
      );
      return { label: entry.step.label, id: entry.id, conflicts: plan.conflicts };
    },
  };
}

/** The undo use cases, as the composed core carries them. */
export type UndoUseCases = ReturnType<typeof undoUseCases>;
