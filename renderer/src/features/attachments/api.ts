import type { Attached } from '../../../../electron/contract/index';
import { ApiError, type DossierClient } from '../../api/client';

/**
 * The renderer's side of attachments (contract: attachments.*). Bodies reference files as
 * `attachments/<id>/<name>`; the page loads them from `/files/<id>/<name>` — the same relative URL in
 * browser mode (after openFiles() set the files cookie) and in Electron (app:// scheme).
 */

const REF = /^attachments\/([0-9a-f]{16,64})\/(.*)$/;

/** `attachments/<id>/<name>` (a link in a note) → the URL the page loads it from; null for any other link. */
export function attachmentSrc(href: string): string | null {
  const m = REF.exec(href);
  return m ? `/files/${m[1]}/${m[2]}` : null;
}

/** The id in an attachment link, or null. */
export function attachmentIdOf(href: string): string | null {
  return REF.exec(href)?.[1] ?? null;
}

/** Where the page loads an attachment from. */
export function attachmentUrl(id: string, name: string): string {
  return `/files/${id}/${encodeURIComponent(name)}`;
}

/** Uploads a file (pasted, dropped or picked) and returns its record and the markdown to insert at the caret. */
export async function uploadAttachment(client: DossierClient, file: Blob, name: string): Promise<Attached> {
  const r = await client.transport.upload(file, name);
  if (!r.ok) throw new ApiError(r.error);
  return r.value as Attached;
}

/** Opens a file: the system viewer in Electron, a new tab in browser mode (PDFs show in Chromium's viewer). */
export async function openAttachment(client: DossierClient, id: string, name: string): Promise<void> {
  if (client.transport.openAttachment) await client.transport.openAttachment(id);
  else window.open(attachmentUrl(id, name), '_blank', 'noopener');
}

/**
 * Save as: Electron asks for a path and copies the file there (attachments.saveAs); a browser downloads it
 * through a link with `download`, which the files cookie lets through.
 */
export async function saveAttachmentAs(client: DossierClient, id: string, name: string): Promise<void> {
  if (client.transport.pickSavePath) {
    const dest = await client.transport.pickSavePath(name);
    if (dest) await client.call('attachments.saveAs', { id, dest });
    return;
  }
  const a = document.createElement('a');
  a.href = attachmentUrl(id, name);
  a.download = name;
  a.click();
}

const RENEW_MS = 20 * 60 * 1000;

/** Opens the files session now and renews it while the page is open; returns a stop function. */
export function keepFilesOpen(client: DossierClient): () => void {
  void client.transport.openFiles();
  const timer = setInterval(() => void client.transport.openFiles(), RENEW_MS);
  return () => clearInterval(timer);
}
