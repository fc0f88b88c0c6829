import type { WebContents, WebFrameMain } from 'electron';
import { isAppUrl } from './app-protocol.js';
import { externalUrl } from './external-links.js';

/**
 * True when an IPC call comes from the top frame of the Dossier window showing the app itself: not
 * from an iframe, not after a navigation elsewhere, not from another window.
 */
export function isTrustedSender(
  frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined,
  sender: Pick<WebContents, 'id'> | null | undefined,
  appContents: Pick<WebContents, 'id'> | null | undefined,
): boolean {
  if (!frame || frame.parent !== null || !appContents || sender?.id !== appContents.id) return false;
  return isAppUrl(frame.url);
}

/**
 * Rules for every web contents the app creates (app.on('web-contents-created')): no webviews, no
 * navigation away from the app, no new windows; a window.open of an http(s) link goes to the system
 * browser after externalUrl() allowed it.
 */
export function hardenContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const allowed = externalUrl(url);
    if (allowed) openExternal(allowed);
    return { action: 'deny' };
  });
}
