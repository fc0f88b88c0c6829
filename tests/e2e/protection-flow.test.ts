import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { openApp } from '../../electron/shell/open-app.js';
import { hostInWorker } from '../../electron/shell/worker-host.js';
import { startWebServer } from '../../electron/web/server.js';
import { editorText, pageApi, repoRoot, startWebApp, withSharedApp, type WebApp } from './harness.js';

// Issue 14, encryption at rest, in real Chromium against browser mode: protect a notebook, see the
// recovery key once, lock (shortcut, palette, idle, the host on its own), unlock with the passphrase and
// the recovery key, change the passphrase. While locked the page holds no note title anywhere.

let app: WebApp;
let browser: Browser;
let page: Page;
let pageErrors: string[];
/** Contract calls the page made, in order, with their HTTP status. */
const calls: string[] = [];
let dataDir: string;

const TITLES = ['Falcon radar canary memo', 'Zephyr exchange officer report', 'Kestrel trial plan'];
const FIRST = 'correct horse battery staple';
const SECOND = 'a new passphrase, longer still';
let recoveryKey = '';

beforeAll(async () => {
  // scrypt with N = 2^10 in this server only (the default costs ~0.5 s per unlock).
  process.env.DOSSIER_KDF_LOG2N = '10';
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-e2e-protect-'));
  const seed = await openApp(dataDir, 'cli');
  const t = await seed.core.createTopic({ name: 'Sensor exchange', partners: ['KAIST'] });
  for (const title of TITLES)
    await seed.core.createNote({ topicId: t.id, title, body: `Body of ${title}: nightjar-42.` });
  await seed.close();
});
// Registered before withSharedApp: after-hooks run in reverse, so the folder goes once the server stopped.
afterAll(async () => {
  delete process.env.DOSSIER_KDF_LOG2N;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});
withSharedApp(
  async (s) => {
    ({ app, browser } = s);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('response', (r) => {
      const m = /\/api\/([\w.]+)/.exec(r.url());
      if (m) calls.push(`${m[1]} ${r.status()}`);
    });
    // An injected clock: auto-lock is tested by moving the page's time forward, not by waiting minutes.
    await page.clock.install();
    await page.goto(app.url);
    await page.getByTestId('note-row').first().waitFor();
  },
  { dataDir: () => dataDir },
);

const unlockScreen = () => page.getByTestId('unlock-screen');

/** The page shows only the unlock screen: no note title in the DOM (visible or not), no editor, no list. */
async function expectNothingShown(): Promise<void> {
  await unlockScreen().waitFor();
  await expect.poll(() => page.getByTestId('note-row').count(), { timeout: 15_000 }).toBe(0);
  const html = await page.content();
  for (const t of TITLES) expect(html).not.toContain(t);
  expect(html).not.toContain('nightjar-42');
  expect(await page.getByTestId('editor').count()).toBe(0);
  expect(await page.getByRole('dialog').count()).toBe(0);
}

async function unlockWith(secret: string): Promise<void> {
  const field = unlockScreen().getByLabel(/^(Passphrase|Recovery key)$/);
  await field.fill(secret);
  await field.press('Enter');
}

async function expectNotesBack(): Promise<void> {
  await expect.poll(() => page.getByTestId('note-row').count(), { timeout: 15_000 }).toBe(TITLES.length);
  for (const t of TITLES)
    await expect.poll(() => page.getByTestId('app').textContent(), { timeout: 15_000 }).toContain(t);
}

async function axe(screen: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('protect, lock and unlock in the browser', () => {
  it('protects the notebook and shows the recovery key once, with Copy, Save as text and a required check', async () => {
    await page.getByRole('button', { name: 'Protection…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Protection' });
    await dialog.getByLabel('Passphrase', { exact: true }).fill('short');
    await expect.poll(() => dialog.textContent(), { timeout: 15_000 }).toContain('Too short');
    await dialog.getByLabel('Passphrase', { exact: true }).fill(FIRST);
    await dialog.getByLabel('Repeat the passphrase', { exact: true }).fill(`${FIRST}x`);
    await dialog.getByRole('button', { name: 'Protect notebook' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('differ');
    await dialog.getByLabel('Repeat the passphrase', { exact: true }).fill(FIRST);
    expect(await dialog.getByLabel('Create a recovery key (recommended)').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Protect notebook' }).click();

    const panel = page.getByTestId('recovery-key-panel');
    await panel.waitFor({ timeout: 30_000 });
    recoveryKey = await panel.getByLabel('Recovery key', { exact: true }).inputValue();
    expect(recoveryKey.length).toBeGreaterThan(8);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
    await panel.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(recoveryKey);
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Save as text…' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('dossier-recovery-key.txt');
    // Not closable before the key is stored: Escape and Done do nothing.
    const done = panel.getByRole('button', { name: 'Done' });
    expect(await done.isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(1);
    const violations = await axe('recovery key');
    await panel.getByLabel('I have stored the recovery key').check();
    await done.click();
    await expect.poll(() => page.getByRole('dialog').count(), { timeout: 15_000 }).toBe(0);
    const status = await pageApi<{ protected: boolean; locked: boolean }>(page, 'protection.status', {});
    expect(status).toMatchObject({ protected: true, locked: false });
    await page.getByTestId('lock-badge').waitFor();
    expect(await page.getByTestId('lock-badge').textContent()).toContain('Protected · no auto-lock');
    expect(violations).toEqual([]);
  });

  it('locks with Ctrl+Shift+L while typing, saving the keystroke first, and shows no note anywhere', async () => {
    await page.getByTestId('note-row').filter({ hasText: TITLES[0]! }).click();
    const body = page.getByLabel('Note body (markdown)');
    await body.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' typed-before-lock');
    // At once, before the autosave's delay: the lock saves the pending edit first.
    calls.length = 0;
    await page.keyboard.press('Control+Shift+L');
    await expectNothingShown();
    const saved = calls.indexOf('notes.update 200');
    expect(saved, calls.join('\n')).toBeGreaterThanOrEqual(0);
    expect(saved).toBeLessThan(calls.indexOf('protection.lock 200'));
    expect(calls).not.toContain('notes.update 423');
    expect(await unlockScreen().textContent()).toContain(
      'If you lost both the passphrase and the recovery key, the notes cannot be recovered.',
    );
    // The passphrase field has the focus.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('unlock-secret');
    expect(await axe('unlock screen')).toEqual([]);

    await unlockWith('not the passphrase');
    await expect
      .poll(() => unlockScreen().getByRole('alert').textContent(), { timeout: 15_000 })
      .toContain('Wrong passphrase');
    await expectNothingShown();

    await unlockWith(FIRST);
    await expectNotesBack();
    await page.getByTestId('note-row').filter({ hasText: TITLES[0]! }).click();
    await expect
      .poll(() => editorText(page.getByLabel('Note body (markdown)')), { timeout: 15_000 })
      .toContain('nightjar-42. typed-before-lock');
  });

  it('follows a lock made elsewhere (the host, another tab): any call answering NOTEBOOK_LOCKED shows the unlock screen', async () => {
    await pageApi(page, 'protection.lock', {});
    await expectNothingShown();
    // While the key is derived the form says so and takes no second submit (the answer is held back here).
    let release = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/protection.unlock', async (route) => {
      await held;
      await route.continue();
    });
    await unlockWith(FIRST);
    await unlockScreen().getByRole('button', { name: 'Unlocking…' }).waitFor();
    expect(await unlockScreen().getByLabel('Passphrase', { exact: true }).isDisabled()).toBe(true);
    release();
    await expectNotesBack();
    await page.unroute('**/api/protection.unlock');
  });

  it('keeps a keystroke the host refused because it locked on its own, and saves it after the unlock', async () => {
    await page.getByTestId('note-row').filter({ hasText: TITLES[1]! }).click();
    const body = page.getByLabel('Note body (markdown)');
    await body.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' typed-as-host-locked');
    // The host locks before the editor's autosave (600 ms) runs: that save answers NOTEBOOK_LOCKED.
    await pageApi(page, 'protection.lock', {});
    await expectNothingShown();
    expect(await page.content()).not.toContain('typed-as-host-locked');
    await unlockWith(FIRST);
    await expectNotesBack();
    await page.getByTestId('note-row').filter({ hasText: TITLES[1]! }).click();
    await expect
      .poll(() => editorText(page.getByLabel('Note body (markdown)')), { timeout: 15_000 })
      .toContain('nightjar-42. typed-as-host-locked');
  });

  it('locks by itself after the chosen idle time (page clock moved forward), and opens with the recovery key', async () => {
    await page.getByTestId('lock-badge').click();
    const dialog = page.getByRole('dialog', { name: 'Protection' });
    await dialog.getByLabel('Lock automatically').selectOption('5');
    await expect
      .poll(() => page.getByTestId('lock-badge').textContent(), { timeout: 15_000 })
      .toContain('5 min');
    expect(await axe('protection settings')).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Four minutes idle: still open; past five: locked.
    const before = calls.length;
    await page.clock.fastForward('04:00');
    await page.waitForTimeout(300);
    expect(await unlockScreen().count()).toBe(0);
    // The clicks above were input without a call of their own: the window told the host it is in use.
    await expect.poll(() => calls.slice(before), { timeout: 15_000 }).toContain('protection.touch 200');
    await page.clock.fastForward('01:30');
    await expectNothingShown();

    await unlockScreen().getByRole('button', { name: 'Use recovery key instead' }).click();
    await unlockWith(recoveryKey);
    await expectNotesBack();
    // Turn auto-lock off again for the rest of the flow.
    await page.getByTestId('lock-badge').click();
    await dialog.getByLabel('Lock automatically').selectOption('');
    await expect
      .poll(() => page.getByTestId('lock-badge').textContent(), { timeout: 15_000 })
      .toContain('no auto-lock');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('changes the passphrase: the old one no longer opens the notebook, the new one does', async () => {
    await page.getByTestId('lock-badge').click();
    const dialog = page.getByRole('dialog', { name: 'Protection' });
    await dialog.getByRole('button', { name: 'Change passphrase…' }).click();
    await dialog.getByLabel('Current passphrase', { exact: true }).fill('wrong one');
    await dialog.getByLabel('New passphrase', { exact: true }).fill(SECOND);
    await dialog.getByLabel('Repeat the new passphrase', { exact: true }).fill(SECOND);
    await dialog.getByRole('button', { name: 'Change passphrase' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { timeout: 15_000 })
      .toContain('Wrong passphrase');
    await dialog.getByLabel('Current passphrase', { exact: true }).fill(FIRST);
    await dialog.getByRole('button', { name: 'Change passphrase' }).click();
    await expect.poll(() => dialog.textContent(), { timeout: 15_000 }).toContain('Passphrase changed');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Lock from the command palette this time.
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Command or note title' }).fill('lock now');
    await page.keyboard.press('Enter');
    await expectNothingShown();
    await unlockWith(FIRST);
    await expect
      .poll(() => unlockScreen().getByRole('alert').textContent(), { timeout: 15_000 })
      .toContain('Wrong passphrase');
    await unlockWith(SECOND);
    await expectNotesBack();
  });

  it('lists the lock shortcut in the keyboard help', async () => {
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const help = page.getByTestId('shortcut-help');
    await expect.poll(() => help.textContent(), { timeout: 15_000 }).toContain('Ctrl+Shift+L');
    expect(await help.textContent()).toContain('Lock the notebook now');
    await page.keyboard.press('Escape');
  });

  it('keeps a note history that fails its check aside, and the History dialog says so', async () => {
    const notes = await pageApi<{ items: { id: string; title: string }[] }>(page, 'notes.list', {
      filter: {},
    });
    const note = notes.items.find((n) => n.title === TITLES[2])!;
    await pageApi(page, 'notes.update', { id: note.id, body: `Body of ${TITLES[2]}: revised, nightjar-42.` });
    const file = path.join(dataDir, 'history', `${note.id}.jsonl`);
    const bytes = await readFile(file);
    bytes[Math.floor(bytes.indexOf('\n') / 2)]! ^= 0x20;
    await writeFile(file, bytes);
    await page.getByTestId('note-row').filter({ hasText: TITLES[2]! }).click();
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('history-set-aside').textContent(), { timeout: 15_000 })
      .toContain(`history/${note.id}.jsonl.corrupt-`);
    expect(await axe('history kept aside')).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('history-dialog').count()).toBe(0);
    // Turning protection off (next) converts the kept file too instead of stopping at its bad line.
  });

  it('turns protection off with the passphrase, saying the files go back to plain text', async () => {
    await page.getByTestId('lock-badge').click();
    const dialog = page.getByRole('dialog', { name: 'Protection' });
    await dialog.getByRole('button', { name: 'Turn protection off…' }).click();
    expect(await dialog.textContent()).toContain('plain text again');
    await dialog.getByLabel('Passphrase', { exact: true }).fill(SECOND);
    await dialog.getByRole('button', { name: 'Turn protection off' }).click();
    await expect.poll(() => dialog.textContent(), { timeout: 15_000 }).toContain('Protection is off');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('lock-badge').count(), { timeout: 15_000 }).toBe(0);
    expect(await page.getByTestId('lock-now').count()).toBe(0);
    const status = await pageApi<{ protected: boolean }>(page, 'protection.status', {});
    expect(status.protected).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});

describe('a restarted core worker', () => {
  it('comes back locked, and the open window shows the unlock screen instead of the notes', async () => {
    process.env.DOSSIER_KDF_LOG2N = '10';
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-e2e-protect-restart-'));
    const seed = await openApp(dir, 'cli');
    await seed.core.createNote({ title: TITLES[2]!, body: 'nightjar-42' });
    await seed.close();
    // The server in this process, so the test can stop the core worker as a crash would.
    const hosted = await hostInWorker({ dataDir: dir, mode: 'browser', owner: 'e2e' });
    const server = await startWebServer({
      api: hosted.api,
      rendererDir: path.join(repoRoot, 'dist', 'renderer'),
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const p = await context.newPage();
      await p.goto(server.url);
      await p.getByTestId('note-row').first().waitFor();
      await pageApi(p, 'protection.enable', { passphrase: FIRST, recoveryKey: false });
      await p.getByTestId('lock-badge').waitFor();
      await p.getByTestId('note-row').first().click();

      await hosted.worker()!.terminate();
      await hosted.whenReady();
      await p.getByTestId('unlock-screen').waitFor();
      const html = await p.content();
      expect(html).not.toContain(TITLES[2]);
      expect(html).not.toContain('nightjar-42');

      await p.getByLabel('Passphrase', { exact: true }).fill(FIRST);
      await p.keyboard.press('Enter');
      await p.getByTestId('note-row').first().waitFor();
      expect(await p.getByTestId('app').textContent()).toContain(TITLES[2]);
      // The restart notice tells what happened.
      await expect
        .poll(() => p.getByTestId('status-banner').textContent(), { timeout: 15_000 })
        .toContain('restarted');
    } finally {
      await context.close();
      await server.close();
      await hosted.close();
      delete process.env.DOSSIER_KDF_LOG2N;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a tampered notes file', () => {
  it('is refused after the unlock with the newest intact backup offered, never shown as garbage', async () => {
    process.env.DOSSIER_KDF_LOG2N = '10';
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-e2e-protect-tamper-'));
    const seed = await openApp(dir, 'cli');
    for (const title of TITLES) await seed.core.createNote({ title, body: 'nightjar-42' });
    await seed.close();
    const web = await startWebApp(dir);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const p = await context.newPage();
      await p.goto(web.url);
      await p.getByTestId('note-row').first().waitFor();
      await pageApi(p, 'protection.enable', { passphrase: FIRST, recoveryKey: false });
      expect((await pageApi<unknown[]>(p, 'backups.list', {})).length).toBeGreaterThan(0);
      await pageApi(p, 'protection.lock', {});
      await p.getByTestId('unlock-screen').waitFor();

      // One flipped byte in the middle of the sealed notes file.
      const file = path.join(dir, 'dossier.json');
      const bytes = await readFile(file);
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      await writeFile(file, bytes);

      await p.getByLabel('Passphrase', { exact: true }).fill(FIRST);
      await p.keyboard.press('Enter');
      const recovery = p.getByTestId('recovery');
      await recovery.waitFor();
      expect(await p.getByTestId('note-row').count()).toBe(0);
      await recovery.getByRole('button', { name: /Restore backup/ }).click();
      // The backup's notes (a snapshot from before the last edits) open again.
      await p.getByTestId('note-row').first().waitFor();
      expect(await p.getByTestId('recovery').count()).toBe(0);
      expect(await p.getByTestId('app').textContent()).toContain(TITLES[0]);
    } finally {
      await context.close();
      await web.stop();
      delete process.env.DOSSIER_KDF_LOG2N;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
