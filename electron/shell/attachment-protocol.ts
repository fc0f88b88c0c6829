import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { safeFileName } from '../core/attachments/refs.js';
import { Readable } from 'node:stream';
import type { AppInfo, DossierApi } from '../contract.js';
import type { Attachment } from '../core/model.js';
import { dispatch } from '../core/handlers.js';
import type { Result } from '../core/errors.js';
import { ATTACHMENTS_DIR, blobPath, incomingPath } from '../store/blobs.js';
import { attachmentHeaders } from './attachment-headers.js';
import { isAppUrl } from './app-protocol.js';

/** Electron's side of attachments: serving /files/<id>/<name> on the app scheme and attaching pasted bytes. */

async function dataDirOf(api: DossierApi): Promise<string> {
  const info = await dispatch(api, 'app.info', {});
  if (!info.ok) throw new Error(info.error.message);
  return (info.value as AppInfo).dataDir;
}

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
  const file = blobPath(await dataDirOf(api), att.hash);
  const info = await stat(file).catch(() => null);
  if (!info) return new Response('The file is missing', { status: 404 });
  const body =
    request.method === 'HEAD' ? null : (Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>);
  return new Response(body, {
    status: 200,
    headers: { ...attachmentHeaders(att), 'Content-Length': String(info.size) },
  });
}

/**
 * A path the system viewer can open for an attachment (Electron's shell.openPath): a hard link named like
 * the file, in attachments/.open/<id>/, since blobs are named by hash without an extension. Only ids with a
 * record qualify, so the page cannot make the shell open anything that is not one of ours.
 */
export async function openablePath(api: DossierApi, id: unknown): Promise<string | null> {
  if (typeof id !== 'string' || !/^[0-9a-f]{16,64}$/.test(id)) return null;
  const r = await dispatch(api, 'attachments.get', { id });
  if (!r.ok) return null;
  const att = r.value as Attachment;
  const dataDir = await dataDirOf(api);
  const dir = path.join(dataDir, ATTACHMENTS_DIR, '.open', att.id);
  const target = path.join(dir, safeFileName(att.name));
  await mkdir(dir, { recursive: true });
  if (!(await stat(target).catch(() => null)))
    await link(blobPath(dataDir, att.hash), target).catch(() =>
      copyFile(blobPath(dataDir, att.hash), target),
    );
  return target;
}

/** Attaches bytes the page sent (a pasted image has no path): written to attachments/.incoming/, then moved in. */
export async function attachBytes(api: DossierApi, input: unknown): Promise<Result<unknown>> {
  const { name, bytes } = (input ?? {}) as { name?: unknown; bytes?: unknown };
  if (typeof name !== 'string' || !(bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes)))
    return { ok: false, error: { code: 'BAD_INPUT', message: 'attachBytes needs a name and the bytes.' } };
  const target = await incomingPath(await dataDirOf(api));
  const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : (bytes as Uint8Array);
  await writeFile(target, data, { mode: 0o600 });
  try {
    return await dispatch(api, 'attachments.add', {
      path: target,
      name: name.slice(0, 255) || 'file',
      incoming: true,
    });
  } finally {
    await unlink(target).catch(() => undefined);
  }
}
