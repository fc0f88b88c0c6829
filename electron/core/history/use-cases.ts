import { isDeepStrictEqual } from 'node:util';
import { DossierError } from '../../domain/errors.js';
import type { DiffPart, KeptHistory, Revision } from '../../domain/records.js';
import type { NoteView } from '../../domain/views.js';
import type { CoreContext } from '../context.js';
import type { MarkingsUseCases } from '../markings/use-cases.js';
import type { NotesUseCases } from '../notes/use-cases.js';
import { requireNote } from '../notes/notes.js';
import { setNoteMarking } from '../markings/assign.js';
import { diffText } from './diff.js';

/** A note's history: its revisions, files set aside, a diff against now, and restoring one. */
export function historyUseCases(
  ctx: CoreContext,
  notes: Pick<NotesUseCases, 'updateNote'>,
  markings: Pick<MarkingsUseCases, 'setNoteMarking'>,
) {
  return {
    listRevisions(noteId: string): Promise<Revision[]> {
      return ctx.revisions.list(noteId);
    },

    /** History files of a note set aside because they failed their integrity check (see RevisionLog.list). */
    keptHistory(noteId: string): Promise<KeptHistory[]> {
      return ctx.revisions.keptAside(noteId);
    },

    /** Resolves once background history writes are done (tests, close). */
    historyIdle(): Promise<void> {
      return ctx.revisions.idle();
    },

    async diffRevision(noteId: string, rev: number): Promise<DiffPart[]> {
      const current = requireNote(ctx.store.get(), noteId);
      const r = (await ctx.revisions.list(noteId)).find((x) => x.rev === rev);
      if (!r) throw new DossierError('NOT_FOUND', `Revision ${rev} does not exist.`);
      return diffText(r.body, current.body);
    },

    async restoreRevision(noteId: string, rev: number): Promise<NoteView> {
      const r = (await ctx.revisions.list(noteId)).find((x) => x.rev === rev);
      if (!r) throw new DossierError('NOT_FOUND', `Revision ${rev} does not exist.`);
      const current = requireNote(ctx.store.get(), noteId);
      // The marking is part of the version: a revision without one inherited its topic's, so it clears.
      // Checked first (a partner may have left the topic since), so a refusal changes nothing.
      const patch = { marking: r.marking ?? null, releasableTo: r.releasableTo ?? null };
      setNoteMarking(ctx.store.get(), noteId, patch, ctx.now());
      // Keep the version being replaced, whatever the coalescing window says.
      await ctx.revisions.record(current, ctx.clock().getTime(), true).catch(() => false);
      const view = await notes.updateNote({ id: noteId, title: r.title, body: r.body, tags: r.tags });
      const after = requireNote(ctx.store.get(), noteId);
      if (
        after.marking === patch.marking &&
        isDeepStrictEqual(after.releasableTo ?? null, patch.releasableTo)
      )
        return view;
      return markings.setNoteMarking(noteId, patch);
    },
  };
}

/** The history use cases, as the composed core carries them. */
export type HistoryUseCases = ReturnType<typeof historyUseCases>;
