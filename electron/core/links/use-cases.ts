import type { NoteSaved } from '../../domain/views.js';
import type { CoreContext } from '../context.js';
import type { NotesUseCases } from '../notes/use-cases.js';
import { requireNote } from '../notes/notes.js';
import { textStep } from '../undo/steps.js';
import { mentionsOf } from './mentions.js';
import { anchorsOf, backlinksOf, completeLinks, deleteImpactOf, outgoingOf, refOf } from './queries.js';
import { linkItEdit, retargetEdits, withEdits } from './rewrite.js';
import type {
  Backlink,
  DeleteImpact,
  LinkCompletion,
  Mention,
  NoteAnchors,
  OutgoingLink,
  RetargetImpact,
} from './types.js';

/** Where a link target goes, with the candidates when it is ambiguous. */
export type ResolvedLink = {
  status: OutgoingLink['status'];
  noteId: string | null;
  candidates: ReturnType<typeof refOf>[];
};

/** Links between notes: reads wait for the link index; rewrites are ordinary saves. */
export function linksUseCases(ctx: CoreContext, notes: Pick<NotesUseCases, 'updateNote'>) {
  return {
    async backlinks(id: string): Promise<Backlink[]> {
      requireNote(ctx.store.get(), id);
      return backlinksOf(await ctx.linkIndex(), id);
    },

    async outgoingLinks(id: string): Promise<OutgoingLink[]> {
      const note = requireNote(ctx.store.get(), id);
      const links = await ctx.linkIndex();
      return outgoingOf(links, links.note(id) ?? note);
    },

    async resolveLink(target: string, fromId?: string): Promise<ResolvedLink> {
      const links = await ctx.linkIndex();
      const from = fromId ? requireNote(ctx.store.get(), fromId) : null;
      const hash = target.indexOf('#');
      const name = (hash < 0 ? target : target.slice(0, hash)).trim();
      const r = links.resolve({ target: name, isFile: false }, from);
      return {
        status: r.status,
        noteId: r.status === 'resolved' ? r.noteId : null,
        candidates: r.status === 'ambiguous' ? r.candidates.map((c) => refOf(links.note(c)!)) : [],
      };
    },

    anchors(id: string): NoteAnchors {
      return anchorsOf(requireNote(ctx.store.get(), id));
    },

    async completeLinks(query: string, fromId: string | undefined, limit = 20): Promise<LinkCompletion[]> {
      return completeLinks(await ctx.linkIndex(), ctx.store.get(), query, fromId ?? null, limit);
    },

    async mentions(id: string, limit = 100): Promise<Mention[]> {
      requireNote(ctx.store.get(), id);
      return mentionsOf(await ctx.linkIndex(), ctx.index.ready ? ctx.index : null, id, limit);
    },

    /** Links one mention; an ordinary save of the linking note (merged like any save when baseVersion is stale). */
    async linkIt(input: {
      sourceId: string;
      targetId: string;
      offset: number;
      length: number;
      baseVersion?: number | undefined;
    }): Promise<NoteSaved> {
      const links = await ctx.linkIndex();
      const data = ctx.store.get();
      const source = requireNote(data, input.sourceId);
      const target = requireNote(data, input.targetId);
      const edit = linkItEdit(links, data, source, target, input.offset, input.length);
      const body =
        source.body.slice(0, edit.offset) + edit.text + source.body.slice(edit.offset + edit.length);
      return notes.updateNote({
        id: source.id,
        body,
        ...(input.baseVersion !== undefined ? { baseVersion: input.baseVersion } : {}),
      });
    },

    async retargetImpact(id: string, from: string): Promise<RetargetImpact> {
      requireNote(ctx.store.get(), id);
      const edits = retargetEdits(await ctx.linkIndex(), ctx.store.get(), id, from);
      return { links: [...edits.values()].reduce((a, e) => a + e.length, 0), notes: edits.size };
    },

    /** Points the links at a note's old title to its current one, as one undoable step. */
    async retargetLinks(
      id: string,
      from: string,
    ): Promise<RetargetImpact & { label: string; undoId: number | null }> {
      const note = requireNote(ctx.store.get(), id);
      const links = await ctx.linkIndex();
      const label = `Update links to "${note.title || 'Untitled'}"`;
      const r = await ctx.mutate(
        (d) => {
          const edits = retargetEdits(links, d, id, from);
          return {
            data: withEdits(d, edits, ctx.now()),
            value: { links: [...edits.values()].reduce((a, e) => a + e.length, 0), notes: edits.size },
            onlyNotes: [...edits.keys()],
          };
        },
        { undo: (b, a, ch) => textStep(label, b, a, ch.notes), history: true },
      );
      return { ...r.value, label, undoId: r.undoId };
    },

    async deleteImpact(id: string): Promise<DeleteImpact> {
      requireNote(ctx.store.get(), id);
      return deleteImpactOf(await ctx.linkIndex(), id);
    },
  };
}

/** The link use cases, as the composed core carries them. */
export type LinksUseCases = ReturnType<typeof linksUseCases>;
