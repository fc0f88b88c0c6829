import type { NoteSaved, NoteView } from '../../domain/views.js';
import type { CoreContext } from '../context.js';
import { trashStep } from '../undo/steps.js';
import { rebasePatch, type MergeReport } from './merge-save.js';
import { createNote, requireNote, trashNote, updateNote, type NoteInput, type NotePatch } from './notes.js';
import { listTitles, type NoteTitle } from './titles.js';

/** Notes: read, create, save (merged when stale), delete to the trash (undoable). */
export function notesUseCases(ctx: CoreContext) {
  const notes = {
    getNote(id: string): NoteView {
      return ctx.view(requireNote(ctx.store.get(), id));
    },

    /** Every live note's title, newest first (the command palette). */
    noteTitles(): NoteTitle[] {
      return listTitles(ctx.store.get());
    },

    async createNote(input: NoteInput): Promise<NoteView> {
      const note = await ctx.apply((d) => {
        const r = createNote(d, input, ctx.now());
        return { data: r.data, value: r.note, onlyNotes: [r.note.id] };
      }, 'new note');
      return ctx.view(note);
    },

    /**
     * Saves an edit. With `baseVersion` older than the note's current version (a rename, an undo or another
     * window changed it since), the save is merged field by field (merge-save.ts) instead of overwriting what
     * changed elsewhere; the result says which fields merged and whether any clashed.
     */
    async updateNote(input: NotePatch & { baseVersion?: number | undefined }): Promise<NoteSaved> {
      const { baseVersion, ...raw } = input;
      const before = requireNote(ctx.store.get(), raw.id);
      let patch: NotePatch = raw;
      let merge: MergeReport | undefined;
      if (baseVersion !== undefined && baseVersion !== ctx.feed.versionOf(raw.id)) {
        const r = rebasePatch(raw, ctx.feed.noteAt(raw.id, baseVersion), before);
        patch = r.patch;
        merge = r.report;
      }
      const note = await ctx.apply((d) => {
        const r = updateNote(d, patch, ctx.now());
        return { data: r.data, value: r.note, onlyNotes: [patch.id] };
      }, 'edit');
      const contentChanged =
        note.body !== before.body || note.title !== before.title || note.tags.join() !== before.tags.join();
      // History is best effort: a failed history append must not fail the save the user is waiting for.
      if (contentChanged) await ctx.revisions.record(before, ctx.clock().getTime()).catch(() => false);
      return merge ? { ...ctx.view(note), merge } : ctx.view(note);
    },

    async deleteNote(id: string): Promise<{ label: string; undoId: number | null }> {
      const note = requireNote(ctx.store.get(), id);
      const label = `Delete note "${note.title || 'Untitled'}"`;
      const r = await ctx.mutate(
        (d) => ({ data: trashNote(d, id, ctx.now()).data, value: { label }, onlyNotes: [id] }),
        { undo: (_b, after) => trashStep(label, after, [id], []) },
      );
      return { label, undoId: r.undoId };
    },
  };
  return notes;
}

/** The note use cases, as the composed core carries them. */
export type NotesUseCases = ReturnType<typeof notesUseCases>;
