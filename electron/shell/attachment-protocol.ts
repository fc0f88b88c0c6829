import { copyFile, link, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { safeFileName } from '../core/attachments/refs.js';
import type { AppInfo, DossierApi } from '../contract/index.js';
import type { Attachment } from '../domain/model.js';
import { dispatch } from './dispatch.js';
import type { Result } from '../domain/errors.js';
import { ATTACHMENTS_DIR, blobPath } from '../store/blobs.js';
import { attachmentHeaders } from './attachment-headers.js';
import { isAppUrl } from './app-protocol.js';

/** Electron's side of attachments: serving /files/<id>/<name> on the app scheme and attaching pasted bytes. */

async function infoOf(api: DossierApi): Promise<AppInfo> {
  const info = await dispatch(api, 'app.info', {});
  if (!info.ok) throw new Error(info.error.message);
  return info.value as AppInfo;
}

/** How much of a file one attachments.read carries while serving it. */
const PIECE_BYTES = 1024 * 1024;

const readStatus = (code: string) => (code === 'NOT_FOUND' ? 404 : code === 'NOTEBOOK_LOCKED' ? 423 : 500);

/** Serves an attachment for a request on the app's own scheme; null when the path is not /files/<id>/…. */
export async function serveAttachment(api: DossierApi, request: Request): Promise<Response | null> {
  if (!isAppUrl(request.url)) return null;
  const m = /^\/files\/([0-9a-f]{16,64})(?:\/[^/]*)?$/.exec(new URL(request.url).pathname);
  if (!m) return null;
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return new Response('Method not allowed', { status: 405 });
  const r = await dispatch(api, 'attachments.get', { id: m[1] });
  if (!r.ok) return new Response('Not found', { status: 404 });
  const att = r.value as Attachment;
  // Read by the core, in pieces (in a protected notebook only it can open the file); the first piece
  // before answering, so a missing, damaged or locked file gets its own status.
  const read = (offset: number) =>
    dispatch(api, 'attachments.read', { id: att.id, offset, length: PIECE_BYTES });
  const first = await read(0);
  if (!first.ok) return new Response(first.error.message, { status: readStatus(first.error.code) });
  let piece: Uint8Array | null = (first.value as { bytes: Uint8Array }).bytes;
  let sent = 0;
  const body =
    request.method === 'HEAD'
      ? null
      : new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (!piece) {
              const next = await read(sent);
              // A piece that fails its check ends the stream with an error (never garbage).
              if (!next.ok) return controller.error(new Error(next.error.message));
              piece = (next.value as { bytes: Uint8Array }).bytes;
            }
            const chunk = piece;
            piece = null;
            sent += chunk.length;
            if (chunk.length) controller.enqueue(chunk);
            if (sent >= att.size || chunk.length === 0) controller.close();
          },
        });
  return new Response(body, {
    status: 200,
    headers: { ...attachmentHeaders(att), 'Content-Length': String(att.size) },
  });
}

/** Where decrypted copies for the system viewer go: the OS temp folder, never the data folder. */
const OPEN_COPIES_PREFIX = 'dossier-open-';
let openCopiesDir: string | null = null;

/** Removes the decrypted copies made for the system viewer (at quit and lock). */
export async function removeOpenedCopies(): Promise<void> {
  const dir = openCopiesDir;
  openCopiesDir = null;
  if (dir) await rm(dir, { recursive: true, force: true });
}

export type OpenablePath = {
  path: string;
  /**
   * true: a decrypted copy of a protected notebook's file, in the system's temp folder (outside the data
   * folder), removed when Dossier quits — the shell says so to the user.
   */
  decryptedCopy: boolean;
};

/**
 * A path the system viewer can open for an attachment (Electron's shell.openPath), named like the file,
 * since blobs are named by hash without an extension. Plain notebook: a hard link in
 * attachments/.open/<id>/. Protected notebook: the stored file is sealed, so the core writes a decrypted
 * copy into a private folder in the system's temp folder — outside the data folder — and says so
 * (`decryptedCopy`). Only ids with a record qualify, so the page cannot make the shell open anything that
 * is not one of ours.
 */
export async function openablePath(api: DossierApi, id: unknown): Promise<OpenablePath | null> {
  if (typeof id !== 'string' || !/^[0-9a-f]{16,64}$/.test(id)) return null;
  const r = await dispatch(api, 'attachments.get', { id });
  if (!r.ok) return null;
  const att = r.value as Attachment;
  const info = await infoOf(api);
  if (info.sealed) {
    openCopiesDir ??= await mkdtemp(path.join(os.tmpdir(), OPEN_COPIES_PREFIX));
    const dir = await mkdtemp(path.join(openCopiesDir, `${att.id}-`));
    const target = path.join(dir, safeFileName(att.name));
    const saved = await dispatch(api, 'attachments.saveAs', { id: att.id, dest: target });
    if (!saved.ok) {
      await rm(dir, { recursive: true, force: true });
      return null;
    }
    return { path: target, decryptedCopy: true };
  }
  const dir = path.join(info.dataDir, ATTACHMENTS_DIR, '.open', att.id);
  const target = path.join(dir, safeFileName(att.name));
  await mkdir(dir, { recursive: true });
  if (!(await stat(target).catch(() => null)))
    await link(blobPath(info.dataDir, att.hash), target).catch(() =>
      copyFile(blobPath(info.dataDir, att.hash), target),
    );
  return { path: target, decryptedCopy: false };
}

/** Attaches bytes the page sent (a pasted image has no path), from memory: no temp file on disk. */
export async function attachBytes(api: DossierApi, input: unknown): Promise<Result<unknown>> {
  const { name, bytes } = (input ?? {}) as { name?: unknown; bytes?: unknown };
  if (typeof name !== 'string' || !(bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes)))
    return { ok: false, error: { code: 'BAD_INPUT', message: 'attachBytes needs a name and the bytes.' } };
  const data =
    bytes instanceof ArrayBuffer
      ? new Uint8Array(bytes)
      : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return dispatch(api, 'attachments.addBytes', { name: name.slice(0, 255) || 'file', bytes: data });
}
