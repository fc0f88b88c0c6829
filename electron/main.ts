import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { callNames } from './contract.js';
import { dispatch } from './core/handlers.js';
import { toErrorPayload } from './core/errors.js';
import { resolveDataDir } from './shell/data-dir.js';
import { appRoot } from './shell/open-app.js';
import { hostApp, type HostedApp } from './shell/app-host.js';
import { CONTENT_SECURITY_POLICY } from './web/csp.js';
import { attachBytes } from './shell/attachment-protocol.js';

// Thin shell: windows, security settings and IPC wiring. Every rule lives in core/.

const rendererIndex = path.join(appRoot(), 'dist', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;
let mainWindow: BrowserWindow | null = null;
let opened: HostedApp | null = null;

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

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  // No remote content: refuse every permission request.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));

  for (const name of callNames) {
    ipcMain.handle(`dossier:${name}`, (event, input: unknown) => {
      if (event.senderFrame?.url.split('#')[0] !== rendererUrl) {
        return {
          ok: false,
          error: { code: 'UNAUTHORIZED', message: 'Calls are only accepted from the Dossier window.' },
        };
      }
      return dispatch(api, name, input);
    });
  }
  ipcMain.handle('dossier-shell:attachBytes', (event, name: unknown, bytes: unknown) => {
    if (event.senderFrame?.url.split('#')[0] !== rendererUrl)
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Only the Dossier window can attach.' } };
    return attachBytes(api, name, bytes);
  });
  ipcMain.handle('dossier-shell:pickFolder', async () => {
    const r = await dialog.showOpenDialog({ properties: ['openDirectory', 'createDirectory'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });

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
      webSecurity: true,
    },
  });
  mainWindow.webContents.on('will-navigate', (e, url) => {
    if (url.split('#')[0] !== rendererUrl) e.preventDefault();
  });
  mainWindow.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  void mainWindow.loadFile(rendererIndex);
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
  void opened.close().finally(() => app.quit());
});
process.on('SIGTERM', () => app.quit());
app.on('window-all-closed', () => app.quit());
