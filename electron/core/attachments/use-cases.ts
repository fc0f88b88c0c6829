import { DossierError } from '../../domain/errors.js';
import type { Attachment } from '../../domain/model.js';
import type { NoteSaved } from '../../domain/views.js';
import type { CoreContext } from '../context.js';
import type { NotesUseCases } from '../notes/use-cases.js';
import { requireNote } from '../notes/notes.js';
import type { Attached, AttachmentView } from './attachments.js';
import type { ExtractedText } from './extract.js';
import { findRefs, removeRefs, renamedRef, rewriteRefs, safeFileName } from './refs.js';

/** Attachments: store files, read them in pieces, list/rename/remove a note's, their text, limit and clean-up. */
export function attachmentsUseCases(ctx: CoreContext, notes: Pick<NotesUseCases, 'updateNote'>) {
  const uc = {
    /** Stores bytes the shell holds in memory (a pasted image, an upload) — no plaintext temp file on disk. */
    async attachBytes(bytes: Uint8Array, name: string): Promise<Attached> {
      const r = await ctx.attachments.addBytes(bytes, name);
      void ctx.fileText.schedule([r.attachment]);
      return r;
    },

    /** Stores a file and its record; its text is then extracted in the background for `in:files`. */
    async attach(
      source: string,
      options: { name?: string | undefined; incoming?: boolean | undefined } = {},
    ): Promise<Attached> {
      const r = await ctx.attachments.add(source, { name: options.name, move: options.incoming === true });
      void ctx.fileText.schedule([r.attachment]);
      return r;
    },

    /** An import's referenced file: a real file is copied in, bytes from a zip are stored from memory. */
    async attachFound(found: { path: string } | { bytes: Uint8Array }, name: string): Promise<Attachment> {
      if ('path' in found) return (await uc.attach(found.path, { name })).attachment;
      return (await uc.attachBytes(found.bytes, name)).attachment;
    },

    /**
     * Plaintext bytes [offset, offset + length) of an attachment's file, for shells that serve it in pieces
     * (the key stays with the core). `size` is the whole file's.
     */
    async readAttachment(
      id: string,
      offset: number,
      length: number,
    ): Promise<{ bytes: Uint8Array; size: number }> {
      const att = ctx.attachments.get(id);
      if (!(await ctx.blobs.has(att.hash))) throw new DossierError('NOT_FOUND', 'The file is missing.');
      const bytes = await ctx.blobs.readRange(att.hash, offset, offset + length);
      if (bytes.length < Math.min(length, Math.max(0, att.size - offset)))
        throw new DossierError(
          'DATA_TAMPERED',
          `The file of ${att.name} is shorter than when it was attached; it was changed or cut short.`,
          { file: att.name },
        );
      return { bytes, size: att.size };
    },

    /** A note's attachments; works for a note in the trash too (its files stay with it). */
    listAttachments(noteId: string): Promise<AttachmentView[]> {
      const note = ctx.store.get().notes[noteId];
      if (!note) throw new DossierError('NOT_FOUND', 'That note no longer exists.');
      return ctx.attachments.list(note.body);
    },

    getAttachment(id: string): Attachment {
      return ctx.attachments.get(id);
    },

    /** Renames what one note shows for an attachment (its references in that note). */
    renameAttachment(noteId: string, id: string, name: string): Promise<NoteSaved> {
      const note = requireNote(ctx.store.get(), noteId);
      const safe = safeFileName(name);
      const body = rewriteRefs(note.body, (r) =>
        r.id === id ? renamedRef(r, safe) : note.body.slice(r.start, r.end),
      );
      if (body === note.body && !findRefs(note.body).some((r) => r.id === id))
        throw new DossierError('NOT_FOUND', 'That note does not reference this attachment.');
      return notes.updateNote({ id: noteId, body });
    },

    /** Takes an attachment out of a note (its references); the file goes when nothing references it any more. */
    removeAttachment(noteId: string, id: string): Promise<NoteSaved> {
      const note = requireNote(ctx.store.get(), noteId);
      if (!findRefs(note.body).some((r) => r.id === id))
        throw new DossierError('NOT_FOUND', 'That note does not reference this attachment.');
      ctx.collectPending = true;
      return notes.updateNote({ id: noteId, body: removeRefs(note.body, id) });
    },

    saveAttachmentAs(id: string, dest: string): Promise<{ path: string }> {
      return ctx.attachments.saveAs(id, dest);
    },

    attachmentText(id: string): ExtractedText {
      return ctx.fileText.info(ctx.attachments.get(id));
    },

    attachmentLimit(): { bytes: number } {
      return { bytes: ctx.store.get().settings.attachmentLimitBytes };
    },

    setAttachmentLimit(bytes: number): Promise<void> {
      return ctx.apply((d) => ({
        data: { ...d, settings: { ...d.settings, attachmentLimitBytes: bytes } },
        value: undefined,
      }));
    },

    /** Starts text extraction for every attachment (at open; cached text is read back, not extracted again). */
    startFileText(): Promise<void> {
      return ctx.fileText.schedule(Object.values(ctx.store.get().attachments));
    },

    /** Removes attachments that no note, trashed note or kept revision references (after a purge). */
    async collectAttachments(): Promise<{ removed: number; bytes: number }> {
      const ids = Object.keys(ctx.store.get().notes);
      const revisions = ctx.revisions;
      await revisions.idle();
      return ctx.attachments.collect(async function* () {
        for (const id of ids) for (const rev of await revisions.list(id)) yield rev.body;
        // After the loop: reading a damaged history above moves it aside.
        yield* revisions.keptBodies();
      });
    },
  };
  return uc;
}

/** The attachment use cases, as the composed core carries them. */
export type AttachmentsUseCases = ReturnType<typeof attachmentsUseCases>;
