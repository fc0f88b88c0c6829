import { beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { repoRoot, withSharedApp, type WebApp } from './harness.js';

// Issue 10: axe on the main screens in both themes (the system's prefers-color-scheme, and the manual
// override); any serious or critical violation fails. Screenshots of both themes go to test-artifacts/.

let browser: Browser;
let app: WebApp;
const artifacts = path.join(repoRoot, 'test-artifacts');
// Fast scrypt for the protection screens below, in this file's server only (hooks run in order).
beforeAll(() => {
  process.env.DOSSIER_KDF_LOG2N = '10';
});
withSharedApp(async (s) => {
  ({ app, browser } = s);
  delete process.env.DOSSIER_KDF_LOG2N;
  await mkdir(artifacts, { recursive: true });
});

type Found = { screen: string; theme: string; id: string; impact: string; help: string; nodes: string[] };

async function scan(page: Page, screen: string, theme: string, found: Found[]): Promise<void> {
  // Let transitions and queries settle so colours are final.
  await page.waitForTimeout(150);
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  for (const v of r.violations) {
    found.push({
      screen,
      theme,
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
    });
  }
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
}

async function screens(page: Page, theme: string, found: Found[]): Promise<void> {
  await page.getByTestId('note-row').first().click();
  await expect.poll(() => page.getByTestId('editor').count()).toBe(1);
  await scan(page, 'main + editor', theme, found);

  // The preview side of the editor (split view) with marked search words.
  await page.getByLabel('Search notes').fill('radar');
  await page.getByTestId('note-row').first().click();
  await page.getByRole('button', { name: 'Split' }).click();
  await scan(page, 'search + split preview', theme, found);
  await page.getByRole('button', { name: 'Clear all' }).click();

  for (const [name, open] of [
    ['export dialog', () => page.getByRole('button', { name: 'Export…' }).first().click()],
    ['import dialog', () => page.getByRole('button', { name: 'Import…' }).click()],
    ['shortcut help', () => page.getByRole('button', { name: 'Keyboard shortcuts' }).click()],
    [
      'history dialog',
      () =>
        page
          .getByRole('button', { name: /History/ })
          .first()
          .click(),
    ],
    ['backups dialog', () => page.getByRole('button', { name: 'Backups…' }).click()],
    [
      'tag dialog',
      async () => {
        await page.getByRole('tree', { name: 'Tags' }).getByRole('treeitem').first().focus();
        await page.keyboard.press('Shift+F10');
      },
    ],
    ['topic dialog', () => page.getByRole('button', { name: 'New topic' }).click()],
    ['protection dialog', () => page.getByRole('button', { name: 'Protection…' }).click()],
  ] as const) {
    await open();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    await scan(page, name, theme, found);
    await closeDialog(page);
  }

  await page.keyboard.press('Control+k');
  await page.getByRole('combobox', { name: 'Command or note title' }).fill('kick');
  await scan(page, 'command palette', theme, found);
  await page.screenshot({ path: path.join(artifacts, `theme-${theme}-palette.png`) });
  await closeDialog(page);

  await page.getByRole('button', { name: /^Trash/ }).click();
  await page.getByTestId('note-row').first().click();
  await expect.poll(() => page.getByTestId('trash-preview').count()).toBe(1);
  await scan(page, 'trash with preview', theme, found);
  await page.screenshot({ path: path.join(artifacts, `theme-${theme}-trash.png`) });
  await page.getByRole('button', { name: /^All notes/ }).click();
}

describe('accessibility (axe) in both themes', () => {
  // One test per theme (axe on a dozen screens each takes a while on a busy machine).
  it.each(['light', 'dark'] as const)(
    'has no serious or critical violation on the main screens in the %s theme',
    async (scheme) => {
      const found: Found[] = [];
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        colorScheme: scheme,
      });
      const page = await context.newPage();
      await page.goto(app.url);
      const load = page.getByRole('button', { name: 'Load sample data' });
      // Either the welcome screen (fresh data dir) or the list, whichever the app shows.
      await page.getByTestId('note-row').first().or(load).waitFor();
      if (await load.isVisible()) await load.click();
      await expect.poll(() => page.getByTestId('note-row').count()).toBeGreaterThan(3);
      // A note in the trash, for the trash screen.
      await page.getByTestId('note-row').last().click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      // The theme follows the system…
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      await page.getByTestId('note-row').first().click();
      await page.screenshot({ path: path.join(artifacts, `theme-${scheme}.png`) });
      await screens(page, scheme, found);
      // …and the manual choice overrides it, remembered across a reload.
      const other = scheme === 'light' ? 'dark' : 'light';
      await page.getByRole('combobox', { name: 'Theme' }).selectOption(other);
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(other);
      await page.reload();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(other);
      await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      await context.close();

      const byImpact: Record<string, number> = {};
      for (const f of found) byImpact[f.impact] = (byImpact[f.impact] ?? 0) + 1;
      await writeFile(
        path.join(artifacts, `axe-summary-${scheme}.json`),
        JSON.stringify({ byImpact, found }, null, 2),
      );
      const blocking = found.filter((f) => f.impact === 'serious' || f.impact === 'critical');
      expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
    },
    300_000,
  );

  // Encryption at rest: the recovery key (shown once), the protection settings and the unlock screen.
  it('has no serious or critical violation on the protection screens in both themes', async () => {
    const found: Found[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        colorScheme: scheme,
      });
      const page = await context.newPage();
      await page.goto(app.url);
      await page.getByTestId('note-row').first().waitFor();
      if (scheme === 'light') {
        await page.getByRole('button', { name: 'Protection…' }).click();
        const dialog = page.getByRole('dialog', { name: 'Protection' });
        await dialog.getByLabel('Passphrase', { exact: true }).fill('axe passphrase 1');
        await scan(page, 'protect form', scheme, found);
        await dialog.getByLabel('Repeat the passphrase', { exact: true }).fill('axe passphrase 1');
        await dialog.getByRole('button', { name: 'Protect notebook' }).click();
        await page.getByTestId('recovery-key-panel').waitFor({ timeout: 60_000 });
        await scan(page, 'recovery key', scheme, found);
        await page.getByLabel('I have stored the recovery key').check();
        await page.getByRole('button', { name: 'Done' }).click();
      }
      await page.getByTestId('lock-badge').click();
      await page.getByTestId('protection-settings').waitFor();
      await scan(page, 'protection settings', scheme, found);
      await page.getByRole('button', { name: 'Close' }).click();
      await page.keyboard.press('Control+Shift+L');
      await page.getByTestId('unlock-screen').waitFor();
      await page.getByLabel('Passphrase', { exact: true }).fill('wrong');
      await page.keyboard.press('Enter');
      await page.getByTestId('unlock-screen').getByRole('alert').waitFor();
      await scan(page, 'unlock screen', scheme, found);
      await page.getByLabel('Passphrase', { exact: true }).fill('axe passphrase 1');
      await page.keyboard.press('Enter');
      await page.getByTestId('note-row').first().waitFor();
      await context.close();
    }
    const blocking = found.filter((f) => f.impact === 'serious' || f.impact === 'critical');
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
  }, 300_000);
});
