import { app, BrowserWindow, dialog, ipcMain, powerMonitor, protocol, session, shell } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { callNames } from './contract/index.js';
import { dispatch } from './shell/dispatch.js';
import { toErrorPayload } from './domain/errors.js';
import { resolveDataDir } from './shell/data-dir.js';
import { appRoot } from './shell/open-app.js';
import { hostApp, type HostedApp } from './shell/app-host.js';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './shell/app-protocol.js';
import { hardenContents, isTrustedSender } from './shell/window-security.js';
import { CONTENT_SECURITY_POLICY } from './shell/csp.js';
import { savePagePdf } from './shell/print-pdf.js';
import { followLock, lockIfProtected } from './shell/lock-follow.js';
import {
  attachBytes,
  openablePath,
  removeOpenedCopies,
  serveAttachment,
} from './shell/attachment-protocol.js';

// Thin shell: windows, security settings and IPC wiring. Every rule lives in core/ or shell/.

const rendererDir = path.join(appRoot(), 'dist', 'renderer');
let mainWindow: BrowserWindow | null = null;
let opened: HostedApp | null = null;
let toldDecryptedCopy = false;

// Before ready: the renderer's own origin (app://dossier), every renderer sandboxed.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
// Any web contents, not only the main window's: no webviews, no navigation, no new windows.
app.on('web-contents-created', (_event, contents) =>
  hardenContents(contents, (url) => void shell.openExternal(url)),
);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  void app.whenReady().then(start);
}

/** ipcMain.handle that answers only the Dossier window's top frame on the app origin. */
function handleTrusted(
  channel: string,
  refused: unknown,
  handler: (event: IpcMainInvokeEvent, input: unknown) => unknown,
): void {
  ipcMain.handle(channel, (event, input: unknown) =>
    isTrustedSender(event.senderFrame, event.sender, mainWindow?.webContents)
      ? handler(event, input)
      : refused,
  );
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(process.argv);
  try {
    opened = await hostApp(dataDir, 'electron', 'Dossier window');
  } catch (err) {
    const e = toErrorPayload(err);
    dialog.showErrorBox('Dossier cannot open your notes', `${e.message}\n\nNothing was changed on disk.`);
    app.exit(1);
    return;
  }
  const api = opened.api;

  // app://dossier/files/<id>/<name> serves attachments (shell/attachment-protocol.ts); the rest is the renderer.
  protocol.handle(
    APP_SCHEME,
    async (request) => (await serveAttachment(api, request)) ?? serveAppRequest(rendererDir, request),
  );
  // Also on anything served over http(s) (nothing is, today), in case that changes.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  // No remote content: refuse every permission request and every permission check.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const unauthorized = {
    ok: false,
    error: { code: 'UNAUTHORIZED', message: 'Calls are only accepted from the Dossier window.' },
  };
  for (const name of callNames)
    handleTrusted(`dossier:${name}`, unauthorized, (_e, input) => dispatch(api, name, input));
  handleTrusted('dossier-shell:attachBytes', unauthorized, (_e, input) => attachBytes(api, input));
  handleTrusted('dossier-shell:openAttachment', false, async (_e, id) => {
    // Only a file of ours (see openablePath), in the system's viewer.
    const file = await openablePath(api, id);
    if (!file) return false;
    // In a protected notebook that is a decrypted copy in the system's temp folder; said once a session.
    if (file.decryptedCopy && !toldDecryptedCopy && mainWindow) {
      toldDecryptedCopy = true;
      void dialog.showMessageBox(mainWindow, {
        type: 'info',
        message: 'Opened a decrypted copy',
        detail: `Your notes are protected, so the app that shows this file gets a decrypted copy in the system's temporary folder (${path.dirname(path.dirname(file.path))}), outside your notes. Dossier removes these copies when it quits; until then they are readable by anyone using this account.`,
      });
    }
    return (await shell.openPath(file.path)) === '';
  });
  handleTrusted('dossier-shell:pickSavePath', null, async (_e, name) => {
    const r = await dialog.showSaveDialog({ defaultPath: typeof name === 'string' ? name : undefined });
    return r.canceled ? null : (r.filePath ?? null);
  });
  handleTrusted('dossier-shell:pickFolder', null, async () => {
    const r = await dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  handleTrusted('dossier-shell:printToPdf', null, (event, title) =>
    savePagePdf(event.sender, typeof title === 'string' ? title : 'Dossier', async (name) => {
      const r = await dialog.showSaveDialog({
        defaultPath: name,
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      return r.canceled ? null : (r.filePath ?? null);
    }),
  );

  // A protected notebook locks with the screen and before sleep; once locked (however it came), the
  // decrypted copies handed to the system's viewer go.
  const lockNow = () => void lockIfProtected(api).catch(() => undefined);
  powerMonitor.on('lock-screen', lockNow);
  powerMonitor.on('suspend', lockNow);
  followLock(api, removeOpenedCopies);

  createWindow();
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Dossier',
    show: false,
    webPreferences: {
      preload: path.join(appRoot(), 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadURL(APP_INDEX_URL);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !opened) return;
  e.preventDefault();
  quitting = true;
  // Flush pending saves before the process ends.
  void opened.close().finally(() => void removeOpenedCopies().finally(() => app.quit()));
});
process.on('SIGTERM', () => app.quit());
app.on('window-all-closed', () => app.quit());
