import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Repository root (tests run from anywhere). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The flags this machine needs: no sandbox as root, and no background traffic to the closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type WebApp = {
  url: string;
  origin: string;
  dataDir: string;
  server: ChildProcess;
  stop: () => Promise<void>;
};

/**
 * Starts the built browser-mode server (`node dist/web/server.js`) on a free port with its own data dir,
 * and resolves once it printed its tokenised URL.
 */
export async function startWebApp(dataDir?: string): Promise<WebApp> {
  const entry = path.join(repoRoot, 'dist', 'web', 'server.js');
  if (!existsSync(entry) || !existsSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` before the E2E tests (npm test does).');
  }
  const dir = dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'dossier-e2e-')));
  const server = spawn(process.execPath, [entry, '--data-dir', dir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    server.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir: dir,
    server,
    stop: async () => {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium (or CHROME_PATH) headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/** Opens the app in a fresh page and records every request that leaves 127.0.0.1. */
export async function openPage(
  browser: Browser,
  app: WebApp,
): Promise<{ page: Page; foreignRequests: string[]; pageErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(app.origin) && !u.startsWith('data:') && !u.startsWith('blob:'))
      foreignRequests.push(u);
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(app.url);
  return { page, foreignRequests, pageErrors };
}

/**
 * The text of a CodeMirror editor, from its `.cm-content` (what `getByLabel('Note body (markdown)')`
 * finds): its lines joined, the placeholder left out. CodeMirror renders the lines in view, which is all
 * of them for the short notes the flows type.
 */
export function editorText(content: Locator): Promise<string> {
  return content.evaluate((el) =>
    Array.from(el.querySelectorAll('.cm-line'))
      .map((line) => (line.querySelector('.cm-placeholder') ? '' : (line.textContent ?? '')))
      .join('\n'),
  );
}

/** One contract call over the page's own transport (the token the page holds, the same server). */
export async function pageApi<T>(page: Page, name: string, input: unknown): Promise<T> {
  const r = (await page.evaluate(
    async ([n, i]) => {
      const token = sessionStorage.getItem('dossier-token');
      const res = await fetch(`/api/${n}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(i),
      });
      return res.json();
    },
    [name, input] as const,
  )) as { ok: boolean; value: T; error?: { message: string } };
  if (!r.ok) throw new Error(`${name}: ${r.error?.message}`);
  return r.value;
}

/** What a flow works with: the server, the browser, and (per-test apps) the page opened on it. */
export type AppSession = {
  app: WebApp;
  browser: Browser;
  page: Page;
  pageErrors: string[];
  foreignRequests: string[];
};

/**
 * One Chromium for the file, and before each test a fresh server on a fresh data dir with a page opened on it
 * (`onStart` receives them; it may also wait for the page). After each test the page closes and the
 * server stops and its data dir is removed.
 */
export function withAppPerTest(onStart: (session: AppSession) => unknown): void {
  let browser: Browser | undefined;
  let app: WebApp | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    app = await startWebApp();
    const opened = await openPage(browser!, app);
    page = opened.page;
    await onStart({ app, browser: browser!, ...opened });
  });
  afterEach(async () => {
    await page?.close();
    await app?.stop();
  });
}

/**
 * One Chromium and one server for the whole file (tests open their own pages). `dataDir` names a store
 * prepared by an earlier `beforeAll`; without it the server gets a temp data dir of its own.
 */
export function withSharedApp(
  onStart: (session: Pick<AppSession, 'app' | 'browser'>) => unknown,
  options: { dataDir?: () => string } = {},
): void {
  let browser: Browser | undefined;
  let app: WebApp | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    app = await startWebApp(options.dataDir?.());
    await onStart({ app, browser });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
}
