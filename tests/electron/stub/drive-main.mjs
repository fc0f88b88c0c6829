// Runs the built main.js against the recording stub and reports, as one JSON line on stdout, what
// main.js set up and how it answered a set of probes. The assertions are in main-shell.test.ts.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { app, powerMonitor, record, makeEvent, WebContents } from 'electron';

const mainJs = process.env.MAIN_JS;
const out = {};
const until = async (check, what) => {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

await import(mainJs);
out.beforeReady = {
  privilegedSchemes: record.privilegedSchemes,
  sandboxEnabled: record.sandboxEnabled,
  singleInstanceLockRequested: record.singleInstanceLockRequested,
  quitCalls: record.quitCalls,
};

if (process.env.STUB_SECOND_INSTANCE === '1') {
  // This process lost the single-instance lock: it must quit without opening anything.
  app.stubReady();
  await new Promise((r) => setTimeout(r, 200));
  out.secondProcess = { quitCalls: record.quitCalls, windows: record.windows.length };
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

app.stubReady();
await until(() => record.windows.length === 1, 'the window');
const win = record.windows[0];
const contents = win.webContents;
out.window = { options: win.options, loadedUrl: win.loadedUrl };
out.ipcChannels = [...record.ipcHandlers.keys()];
out.duplicateHandlers = record.duplicateHandlers;
out.protocolSchemes = [...record.protocolHandlers.keys()];

// IPC from the app's top frame, from a foreign page, from an iframe, from another window.
const call = (channel, event, input) => record.ipcHandlers.get(channel)(event, input);
const frame = (url, parent = null) => ({ url, parent });
const trusted = { senderFrame: frame(win.loadedUrl), sender: contents };
const foreign = { senderFrame: frame('https://evil.example/'), sender: contents };
const iframe = { senderFrame: frame(win.loadedUrl, frame(win.loadedUrl)), sender: contents };
const otherWindow = { senderFrame: frame(win.loadedUrl), sender: new WebContents() };
out.ipc = {
  trusted: await call('dossier:app.info', trusted, {}),
  foreign: await call('dossier:app.info', foreign, {}),
  iframe: await call('dossier:topics.list', iframe, {}),
  otherWindow: await call('dossier:topics.list', otherWindow, {}),
  noFrame: await call('dossier:topics.list', { senderFrame: null, sender: contents }, {}),
  pickFolderForeign: await call('dossier-shell:pickFolder', foreign),
  dialogsAfterForeign: record.dialogs.length,
  pickFolderTrusted: await call('dossier-shell:pickFolder', trusted),
  badInput: await call('dossier:topics.create', trusted, { name: 42 }),
};

// Navigation, redirects, webviews and new windows, on the window and on any other contents.
const probeContents = (wc) => {
  const nav = makeEvent();
  wc.emit('will-navigate', nav, 'https://evil.example/');
  const navFile = makeEvent();
  wc.emit('will-navigate', navFile, 'file:///etc/passwd');
  const navApp = makeEvent();
  wc.emit('will-navigate', navApp, win.loadedUrl);
  const frameNav = makeEvent({ url: 'https://evil.example/frame' });
  wc.emit('will-frame-navigate', frameNav);
  const redirect = makeEvent();
  wc.emit('will-redirect', redirect, 'https://evil.example/');
  const webview = makeEvent();
  wc.emit('will-attach-webview', webview, {}, { src: 'https://evil.example/' });
  const before = record.openExternal.length;
  const opens = [
    'https://example.org/paper?id=1',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'https://a@evil.example/',
    'mailto:x@y.z',
  ].map((url) => ({ url, answer: wc.windowOpenHandler?.({ url }) ?? null }));
  return {
    navigatePrevented: nav.defaultPrevented,
    navigateFilePrevented: navFile.defaultPrevented,
    navigateAppPrevented: navApp.defaultPrevented,
    frameNavigatePrevented: frameNav.defaultPrevented,
    redirectPrevented: redirect.defaultPrevented,
    webviewPrevented: webview.defaultPrevented,
    opens,
    openedExternally: record.openExternal.slice(before),
  };
};
out.mainContents = probeContents(contents);
const other = new WebContents();
app.emit('web-contents-created', makeEvent(), other);
out.otherContents = probeContents(other);

// Permissions.
out.permissions = {
  checks: ['media', 'geolocation', 'notifications', 'clipboard-read'].map((p) =>
    record.permissionCheckHandler?.(contents, p, 'app://dossier', {}),
  ),
  request: await new Promise((resolve) => {
    if (!record.permissionRequestHandler) return resolve('no handler');
    record.permissionRequestHandler(contents, 'media', resolve, {});
  }),
};

// The app:// scheme: the renderer with its CSP header; traversal and other hosts refused.
const serve = async (url) => {
  const handler = record.protocolHandlers.get('app');
  if (!handler) return null; // main.js registered no app:// handler
  const res = await handler(new Request(url));
  return {
    status: res.status,
    csp: res.headers.get('content-security-policy'),
    type: res.headers.get('content-type'),
    body: (await res.text()).slice(0, 4000),
  };
};
out.protocol = {
  index: await serve(win.loadedUrl),
  route: await serve('app://dossier/some/route'),
  traversal: await serve('app://dossier/%2e%2e/%2e%2e/package.json'),
  encodedSlash: await serve('app://dossier/..%2f..%2fpackage.json'),
  malformed: await serve('app://dossier/%E0%A4%A'),
  otherHost: await serve('app://elsewhere/index.html'),
};

// Attachments: pasted bytes from the window only, served on app://dossier/files/…, opened only if ours.
const png = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0,
  1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
]);
const attached = await call('dossier-shell:attachBytes', trusted, { name: 'pasted.png', bytes: png.buffer });
const attachedForeign = await call('dossier-shell:attachBytes', foreign, {
  name: 'x.png',
  bytes: png.buffer,
});
const id = attached?.value?.attachment?.id ?? 'none';
const served = await serve(`app://dossier/files/${id}/pasted.png`);
out.attachments = {
  attached,
  attachedForeign,
  served: served && { ...served, body: served.body.length },
  unknown: await serve('app://dossier/files/0123456789abcdef/x.png'),
  otherHost: await serve(`app://elsewhere/files/${id}/pasted.png`),
  openBad: await call('dossier-shell:openAttachment', trusted, '../../etc/passwd'),
  openUnknown: await call('dossier-shell:openAttachment', trusted, '0123456789abcdef'),
  openForeign: await call('dossier-shell:openAttachment', foreign, id),
  openOurs: await call('dossier-shell:openAttachment', trusted, id),
  openedPaths: record.openedPaths,
  savePath: await call('dossier-shell:pickSavePath', trusted, 'report.pdf'),
};

if (process.env.STUB_PROTECT === '1') {
  // A protected notebook: an attachment opened in the system's viewer is a decrypted copy outside the data
  // folder; the screen locking locks the notebook, and the copy goes once the shell sees the lock.
  const status = () => call('dossier:protection.status', trusted, {});
  const enabled = await call('dossier:protection.enable', trusted, { passphrase: 'a long passphrase' });
  const secret = await call('dossier-shell:attachBytes', trusted, { name: 'secret.png', bytes: png.buffer });
  const opened = await call('dossier-shell:openAttachment', trusted, secret?.value?.attachment?.id);
  const copy = record.openedPaths.at(-1) ?? '';
  const copyBefore = existsSync(copy);
  powerMonitor.emit('lock-screen');
  await until(async () => (await status())?.value?.locked === true, 'the lock').catch(() => undefined);
  const lockedAfter = (await status())?.value?.locked === true;
  await until(() => !existsSync(copy), 'the copy removed').catch(() => undefined);
  out.protection = {
    enabled: enabled?.ok === true,
    subscribed: powerMonitor.eventNames().map(String).sort(),
    opened,
    copyInDataDir: copy.startsWith(process.env.DOSSIER_DATA_DIR ?? '/nonexistent'),
    copyBefore,
    lockedAfter,
    copyAfter: existsSync(copy),
    listWhileLocked: await call('dossier:notes.list', trusted, { filter: {} }),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

// Second instance: the first window is restored and focused.
win.minimized = true;
app.emit('second-instance', makeEvent(), ['dossier'], process.cwd());
out.secondInstance = { restoreCalls: win.restoreCalls, focusCalls: win.focusCalls };

// A save in flight, then quit: before-quit waits for it to be on disk.
const created = await call('dossier:notes.create', trusted, {
  title: 'Written just before quitting',
  body: 'flush me',
});
const quit = makeEvent();
app.emit('before-quit', quit);
out.quit = { prevented: quit.defaultPrevented, created };
await until(() => record.quitCalls > 0, 'app.quit after the flush');
out.quit.quitCalls = record.quitCalls;
out.quit.storeOnDisk = await readFile(`${process.env.DOSSIER_DATA_DIR}/dossier.json`, 'utf8');
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
