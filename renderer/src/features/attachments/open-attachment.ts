import type { DossierClient } from '../../api/client';

/**
 * Opens an attachment for reading: in Electron with the system's viewer (the shell checks it is one of
 * ours), in a browser in a new tab (PDFs in the browser's viewer; the files cookie authorises the load).
 */
export async function openAttachment(client: DossierClient, id: string, url: string): Promise<void> {
  if (client.transport.openAttachment) {
    const r = await client.transport.openAttachment(id);
    if (!r.ok) throw new Error(r.error.message);
    return;
  }
  window.open(url, '_blank', 'noopener,noreferrer');
}
