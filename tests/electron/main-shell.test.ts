import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { callNames } from '../../electron/contract/index.js';

// The Electron shell without an Electron binary: the BUILT dist/electron/main.js runs under Node with
// `electron` resolved to a stub that only records what it is asked (tests/electron/stub/). The stub is
// test code; the thing under test is the real main.js with the real core behind it.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const mainJs = path.join(repo, 'dist', 'electron', 'main.js');
const stubDir = path.join(repo, 'tests', 'electron', 'stub');

type Result = { ok: boolean; value?: unknown; error?: { code: string } };
type Probe = {
  navigatePrevented: boolean;
  navigateFilePrevented: boolean;
  navigateAppPrevented: boolean;
  frameNavigatePrevented: boolean;
  redirectPrevented: boolean;
  webviewPrevented: boolean;
  opens: { url: string; answer: { action: string } | null }[];
  openedExternally: string[];
};
type Served = { status: number; csp: string | null; type: string | null; body: string };
type Report = {
  beforeReady: {
    privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
    sandboxEnabled: boolean;
    singleInstanceLockRequested: boolean;
  };
  secondProcess?: { quitCalls: number; windows: number };
  window: { options: { webPreferences: Record<string, unknown> }; loadedUrl: string };
  ipcChannels: string[];
  duplicateHandlers: string[];
  protocolSchemes: string[];
  ipc: Record<string, unknown>;
  mainContents: Probe;
  otherContents: Probe;
  permissions: { checks: unknown[]; request: unknown };
  protocol: Record<string, Served>;
  attachments: {
    attached: Result;
    attachedForeign: Result;
    served: Served | null;
    unknown: Served | null;
    otherHost: Served | null;
    openBad: boolean;
    openUnknown: boolean;
    openForeign: boolean;
    openOurs: boolean;
    openedPaths: string[];
    savePath: string | null;
  };
  secondInstance: { restoreCalls: number; focusCalls: number };
  quit: { prevented: boolean; created: Result; quitCalls: number; storeOnDisk: string };
  protection?: {
    enabled: boolean;
    subscribed: string[];
    opened: boolean;
    copyInDataDir: boolean;
    copyBefore: boolean;
    lockedAfter: boolean;
    copyAfter: boolean;
    listWhileLocked: Result;
  };
};

let dir = '';
function drive(env: Record<string, string> = {}): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        pathToFileURL(path.join(stubDir, 'register.mjs')).href,
        path.join(stubDir, 'drive-main.mjs'),
      ],
      {
        cwd: repo,
        env: {
          ...process.env,
          MAIN_JS: pathToFileURL(mainJs).href,
          DOSSIER_DATA_DIR: path.join(dir, 'data'),
          ...env,
        },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`driver exited ${code}: ${err || out}`));
      else resolve(JSON.parse(line) as Report);
    });
  });
}

let report: Report;
beforeAll(async () => {
  if (!existsSync(mainJs)) throw new Error(`${mainJs} is missing: run \`npm run build\` first.`);
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-main-'));
  report = await drive();
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Electron main process (built main.js, stub electron)', () => {
  it('sets up the sandbox and the privileged app:// scheme before ready, and loads the renderer from it', () => {
    expect(report.beforeReady.sandboxEnabled).toBe(true);
    expect(report.beforeReady.singleInstanceLockRequested).toBe(true);
    expect(report.beforeReady.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(report.protocolSchemes).toEqual(['app']);
    expect(report.window.loadedUrl).toBe('app://dossier/index.html');
  });

  it('creates the window with the security options', () => {
    expect(report.window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String(report.window.options.webPreferences.preload)).toMatch(
      /dist[/\\]electron[/\\]preload\.cjs$/,
    );
  });

  it('registers exactly one handler per contract call, plus the folder picker and the attachment helpers', () => {
    expect(report.duplicateHandlers).toEqual([]);
    expect([...report.ipcChannels].sort()).toEqual(
      [
        ...callNames.map((n) => `dossier:${n}`),
        'dossier-shell:pickFolder',
        'dossier-shell:printToPdf',
        'dossier-shell:attachBytes',
        'dossier-shell:openAttachment',
        'dossier-shell:pickSavePath',
      ].sort(),
    );
  });

  it('attaches pasted bytes from the window only, serves them on app://dossier/files/ and opens only our files', () => {
    const a = report.attachments;
    expect(a.attached).toMatchObject({
      ok: true,
      value: { attachment: { name: 'pasted.png', mediaType: 'image/png' } },
    });
    expect(a.attachedForeign).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(a.served).toMatchObject({ status: 200, type: 'image/png' });
    expect(a.unknown?.status).toBe(404);
    expect(a.otherHost?.status).toBe(404);
    expect([a.openBad, a.openUnknown, a.openForeign]).toEqual([false, false, false]);
    expect(a.openOurs).toBe(true);
    expect(a.openedPaths).toHaveLength(1);
    expect(a.openedPaths[0]).toMatch(/attachments[/\\]\.open[/\\][0-9a-f]{16}[/\\]pasted\.png$/);
    expect(a.savePath).toBe('/picked/file.pdf');
  });

  it('answers the app window and refuses foreign frames, iframes and other windows (shell calls too)', () => {
    expect(report.ipc.trusted).toMatchObject({ ok: true, value: { mode: 'electron' } });
    for (const k of ['foreign', 'iframe', 'otherWindow', 'noFrame'])
      expect(report.ipc[k], k).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(report.ipc.pickFolderForeign).toBeNull();
    expect(report.ipc.dialogsAfterForeign).toBe(0);
    expect(report.ipc.pickFolderTrusted).toBe('/picked/folder');
    expect(report.ipc.badInput).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('refuses navigation, redirects, webviews and new windows for the window and any other contents', () => {
    for (const probe of [report.mainContents, report.otherContents]) {
      expect(probe).toMatchObject({
        navigatePrevented: true,
        navigateFilePrevented: true,
        navigateAppPrevented: false,
        frameNavigatePrevented: true,
        redirectPrevented: true,
        webviewPrevented: true,
      });
      for (const o of probe.opens) expect(o.answer, o.url).toEqual({ action: 'deny' });
      // Only the plain https link went to the system browser.
      expect(probe.openedExternally).toEqual(['https://example.org/paper?id=1']);
    }
  });

  it('refuses every permission check and request', () => {
    expect(report.permissions.checks).toEqual([false, false, false, false]);
    expect(report.permissions.request).toBe(false);
  });

  it('serves the renderer over app:// with the CSP as a response header, and refuses traversal', () => {
    const { index, route, traversal, encodedSlash, malformed, otherHost } = report.protocol;
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(index!.csp).toContain("default-src 'self'");
    expect(index!.csp).toContain("frame-ancestors 'none'");
    expect(index!.body).toContain('<div id="root">');
    expect(route).toMatchObject({ status: 200 });
    // Dot segments, plain or encoded, resolve inside the renderer folder (no such file there).
    expect(traversal!.status).toBe(404);
    expect(encodedSlash!.status).toBe(404);
    expect(traversal!.body + encodedSlash!.body).not.toContain('"name": "dossier"');
    expect(malformed!.status).toBe(400);
    expect(otherHost!.status).toBe(404);
  });

  it('focuses (and restores) the first window when a second instance starts', () => {
    expect(report.secondInstance).toEqual({ restoreCalls: 1, focusCalls: 1 });
  });

  it('a second process that does not get the single-instance lock quits without opening a window', async () => {
    const second = await drive({ STUB_SECOND_INSTANCE: '1' });
    expect(second.secondProcess).toEqual({ quitCalls: 1, windows: 0 });
  });

  it('locks a protected notebook with the screen, and then removes the decrypted copy the viewer got', async () => {
    const run = await drive({ STUB_PROTECT: '1', DOSSIER_KDF_LOG2N: '10' });
    expect(run.protection).toMatchObject({
      enabled: true,
      subscribed: ['lock-screen', 'suspend'],
      opened: true,
      copyInDataDir: false,
      copyBefore: true,
      lockedAfter: true,
      copyAfter: false,
    });
    expect(run.protection!.listWhileLocked).toMatchObject({ ok: false, error: { code: 'NOTEBOOK_LOCKED' } });
  });

  it('holds the quit until pending saves are on disk', () => {
    expect(report.quit.prevented).toBe(true);
    expect(report.quit.created).toMatchObject({ ok: true });
    expect(report.quit.quitCalls).toBeGreaterThan(0);
    const store = JSON.parse(report.quit.storeOnDisk) as { notes: Record<string, { title: string }> };
    // eslint-disable-next-line no-restricted-syntax -- the file as JSON: a plain record
    expect(Object.values(store.notes).map((n) => n.title)).toContain('Written just before quitting');
  });
});
