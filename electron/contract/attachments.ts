import { z } from 'zod';
import type { Attachment } from '../domain/model.js';
import type { Attached, AttachmentView, ExtractedText } from '../core/attachments/types.js';
import { id, out } from './shared.js';
import type { NoteSaved } from '../domain/views.js';

export type { Attachment, Attached, AttachmentView, ExtractedText };

const attachmentId = z.string().regex(/^[0-9a-f]{16,64}$/, 'An attachment id is 16 to 64 hex digits.');

export const attachmentsCalls = {
  /**
   * Attachments (core/attachments). Files live under attachments/ beside the store, by content hash; a note
   * references one with `![caption](attachments/<id>/<name>)` or `[name](attachments/<id>/<name>)`.
   * Serving a file to the page: GET /files/<id>/<name> (browser mode after POST /files/session; Electron
   * through the app:// scheme). Uploading bytes from the page: POST /files/upload (see web/attachment-routes.ts).
   */
  /**
   * Stores a file from a path on this machine (Electron picker or drop, CLI) and returns its record and the
   * markdown to insert. The file is durable before this resolves, so a note saved afterwards never points at
   * nothing. `incoming` is for shells: the path is an upload in attachments/.incoming/ and is moved, not copied.
   */
  'attachments.add': {
    input: z
      .object({
        path: z.string().min(1).max(4096),
        name: z.string().min(1).max(255).optional(),
        incoming: z.boolean().optional(),
      })
      .strict(),
    result: out<Attached>(),
  },
  /**
   * Stores bytes a shell holds in memory (a pasted image, a browser upload) like `add`, with no temp file
   * on disk. For shells over structured-clone transports (worker, IPC); JSON cannot carry the bytes.
   */
  'attachments.addBytes': {
    input: z
      .object({
        name: z.string().min(1).max(255),
        bytes: z.instanceof(Uint8Array),
      })
      .strict(),
    result: out<Attached>(),
  },
  /**
   * Plaintext bytes [offset, offset + length) of an attachment's file (at most 4 MiB a call; fewer at its
   * end), for shells serving it in pieces — in a protected notebook only the core can open it. `size` is
   * the whole file's.
   */
  'attachments.read': {
    input: z
      .object({
        id: attachmentId,
        offset: z.number().int().min(0),
        length: z
          .number()
          .int()
          .min(1)
          .max(4 * 1024 * 1024),
      })
      .strict(),
    result: out<{ bytes: Uint8Array; size: number }>(),
  },
  /** The attachments a note references, in order, with the name this note shows and whether the file is there. */
  'attachments.list': { input: z.object({ noteId: id }).strict(), result: out<AttachmentView[]>() },
  /** One attachment's record (shells use it to serve the file). */
  'attachments.get': { input: z.object({ id: attachmentId }).strict(), result: out<Attachment>() },
  /** Renames what a note shows (and exports) for an attachment: rewrites its references in that note. */
  'attachments.rename': {
    input: z.object({ noteId: id, id: attachmentId, name: z.string().trim().min(1).max(255) }).strict(),
    result: out<NoteSaved>(),
  },
  /** Removes an attachment's references from a note; the file goes once nothing references it (trash purge). */
  'attachments.remove': {
    input: z.object({ noteId: id, id: attachmentId }).strict(),
    result: out<NoteSaved>(),
  },
  /** Copies the file to a path (Electron's save dialog, CLI); never overwrites. */
  'attachments.saveAs': {
    input: z.object({ id: attachmentId, dest: z.string().min(1).max(4096) }).strict(),
    result: out<{ path: string }>(),
  },
  /** Text extracted for search (PDF pages, plain text): status, page count and the first characters. */
  'attachments.text': { input: z.object({ id: attachmentId }).strict(), result: out<ExtractedText>() },
  /** The per-file limit in bytes (default 200 MB). */
  'attachments.limit': { input: z.object({}).strict(), result: out<{ bytes: number }>() },
  'settings.setAttachmentLimit': {
    input: z
      .object({
        bytes: z
          .number()
          .int()
          .min(1024)
          .max(64 * 1024 ** 3),
      })
      .strict(),
    result: out<null>(),
  },
} as const;
