import type { Topic } from '../../domain/model.js';
import type { NoteView } from '../../domain/views.js';
import type { MarkingScheme } from '../../domain/marking-scheme.js';
import type { CoreContext } from '../context.js';
import { requireNote } from '../notes/notes.js';
import { setNoteMarking, setScheme, setTopicMarking, type MarkingPatch } from './assign.js';
import { schemeOf } from './resolve.js';

/** The marking scheme and the markings and releasability of notes and topics. */
export function markingsUseCases(ctx: CoreContext) {
  const markings = {
    markingScheme(): MarkingScheme {
      return schemeOf(ctx.store.get());
    },

    async setMarkingScheme(scheme: MarkingScheme): Promise<MarkingScheme> {
      await ctx.apply((d) => ({ data: setScheme(d, scheme), value: null }));
      return markings.markingScheme();
    },

    /** A marking change is an edit: the prior version goes to the note's history. */
    async setNoteMarking(id: string, patch: MarkingPatch): Promise<NoteView> {
      const before = requireNote(ctx.store.get(), id);
      const note = await ctx.apply((d) => {
        const r = setNoteMarking(d, id, patch, ctx.now());
        return { data: r.data, value: r.note, onlyNotes: [id] };
      }, 'edit');
      if (note !== before) await ctx.revisions.record(before, ctx.clock().getTime(), true).catch(() => false);
      return ctx.view(note);
    },

    setTopicMarking(id: string, patch: MarkingPatch): Promise<Topic> {
      return ctx.apply((d) => {
        const r = setTopicMarking(d, id, patch, ctx.now());
        return { data: r.data, value: r.topic };
      });
    },
  };
  return markings;
}

/** The marking use cases, as the composed core carries them. */
export type MarkingsUseCases = ReturnType<typeof markingsUseCases>;
