import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { openPage, withSharedApp, type WebApp } from './harness.js';

// Issue 10 in Chromium: the command palette (keyboard only, ARIA combobox), search that explains itself,
// the trash preview, and export defaults / browser download / named files.

let browser: Browser;
let app: WebApp;
withSharedApp((s) => ({ app, browser } = s));

const rows = (page: Page) => page.getByTestId('note-row');

async function ready(page: Page): Promise<void> {
  const load = page.getByRole('button', { name: 'Load sample data' });
  await rows(page).first().or(load).waitFor();
  if (await load.isVisible()) await load.click();
  await expect.poll(() => rows(page).count()).toBeGreaterThan(3);
}

describe('desktop UX in Chromium', () => {
  it('the command palette runs commands and opens notes by fuzzy title, keyboard only', async () => {
    const { page, pageErrors } = await openPage(browser, app);
    await ready(page);
    await page.getByLabel('Search notes').focus();

    await page.keyboard.press('Control+k');
    const box = page.getByRole('combobox', { name: 'Command or note title' });
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    const listbox = page.getByRole('listbox', { name: 'Commands and notes' });
    expect(await box.getAttribute('aria-controls')).toBe(await listbox.getAttribute('id'));

    // Fuzzy: letters in order, not a prefix ("kckff mtng" → "Kick-off meeting minutes").
    await page.keyboard.type('kckff mtng');
    const options = listbox.getByRole('option');
    await expect
      .poll(() => options.first().locator('.palette-label').textContent())
      .toBe('Kick-off meeting minutes');
    // The active option is the one aria-activedescendant names, and it is aria-selected.
    const active = async () => {
      const id = await box.getAttribute('aria-activedescendant');
      return page.locator(`[id="${id}"]`).getAttribute('aria-selected');
    };
    expect(await active()).toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('Kick-off meeting minutes');
    // Focus went back where it was.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Search notes',
    );

    // Ctrl+Shift+P opens it too; arrows move; a command runs (switch to the dark theme).
    await page.keyboard.press('Control+Shift+P');
    await page.keyboard.type('theme dark');
    await expect.poll(() => options.first().locator('.palette-label').textContent()).toBe('Theme: dark');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    expect(await active()).toBe('true');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

    // The tag menu is a command too.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('manage tag partner/kaist');
    await expect
      .poll(() => options.first().locator('.palette-label').textContent())
      .toBe('Manage tag #partner/kaist…');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('tag-dialog').getByRole('heading').textContent())
      .toBe('Tag #partner/kaist');
    await page.keyboard.press('Escape');

    // Every command is listed with nothing typed; Esc closes.
    await page.keyboard.press('Control+k');
    const all = await options.locator('.palette-label').allTextContents();
    for (const c of [
      'New note',
      'Export…',
      'Import markdown…',
      'Open trash',
      'Keyboard shortcuts and search syntax',
    ])
      expect(all.some((t) => t.startsWith(c))).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.evaluate(() => localStorage.removeItem('dossier-theme'));

    // The help lists the new shortcuts.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const help = await page.getByTestId('shortcut-help').textContent();
    for (const s of ['Command palette', 'Focus mode', 'sidebar', 'Shift+F10']) expect(help).toContain(s);
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('search says what it read in words, hints at mistakes, and shows the matched phrase', async () => {
    const { page } = await openPage(browser, app);
    await ready(page);
    const search = page.getByLabel('Search notes');
    await search.fill('tag:partner/* -draft');
    await expect
      .poll(() => page.getByTestId('query-explained').textContent())
      .toBe('notes tagged partner/* and not containing "draft"');

    await search.fill('titel:radar');
    await expect
      .poll(() => page.getByTestId('query-hints').textContent())
      .toContain('Unknown field titel: (read as words) — did you mean title:?');
    await page.getByTestId('query-hints').getByRole('button', { name: 'Use “title:radar”' }).click();
    await expect.poll(() => search.inputValue()).toBe('title:radar');
    await expect.poll(() => page.getByTestId('query-hints').count()).toBe(0);

    await search.fill('tag:partnr/*');
    await expect
      .poll(() => page.getByTestId('query-hints').textContent())
      .toContain('No tag partnr/* — did you mean partner/*?');

    // A phrase at the end of a note, written with a hyphen, is visible and marked in the row's snippet.
    await search.fill('"export licence check"');
    await expect.poll(() => rows(page).count()).toBe(1);
    const snippet = rows(page).first().locator('.note-row-snippet');
    await expect.poll(() => snippet.textContent()).toMatch(/Export-licence check/);
    expect(await snippet.locator('mark').allTextContents()).toEqual(['Export-licence check']);
    await page.close();
  });

  it('the trash shows counts and a read-only note, and updates after a restore', async () => {
    const { page } = await openPage(browser, app);
    await ready(page);
    await rows(page).first().click();
    const title = await page.getByLabel('Title').inputValue();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => page.getByTestId('trash-nav-count').textContent()).toMatch(/^\d+$/);
    const before = Number(await page.getByTestId('trash-nav-count').textContent());

    await page.getByRole('button', { name: /^Trash/ }).click();
    await expect
      .poll(() => page.getByTestId('trash-count').textContent())
      .toBe(`${before} note${before === 1 ? '' : 's'}`);
    await rows(page).filter({ hasText: title }).click();
    const preview = page.getByTestId('trash-preview');
    await expect.poll(() => preview.locator('.trash-preview-head h3').textContent()).toBe(title);
    // Read-only: no text field to type into.
    expect(await preview.locator('input, textarea, [contenteditable]').count()).toBe(0);
    expect((await preview.getByTestId('preview').textContent())!.length).toBeGreaterThan(10);

    await preview.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => rows(page).filter({ hasText: title }).count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('trash-count').textContent())
      .toBe(before - 1 === 0 ? '0 notes' : `${before - 1} note${before - 1 === 1 ? '' : 's'}`);
    await expect
      .poll(async () => Number((await page.getByTestId('trash-nav-count').textContent()) || 0))
      .toBe(before - 1);
    await page.getByRole('button', { name: /^All notes/ }).click();
    await expect.poll(() => rows(page).filter({ hasText: title }).count()).toBe(1);
    await page.close();
  });

  it('export defaults to the open topic, downloads a .zip in the browser, and names a second brief', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'dossier-export-e2e-'));
    try {
      const context = await browser.newContext({
        acceptDownloads: true,
        viewport: { width: 1280, height: 800 },
      });
      const page = await context.newPage();
      await page.goto(app.url);
      await ready(page);
      const topic = page
        .getByTestId('topic-list')
        .getByRole('button')
        .filter({ hasText: 'Interceptor seeker' });
      const count = Number(await topic.locator('.count').textContent());
      await topic.click();
      await rows(page).first().click(); // a note is open too: the topic still wins

      await page.getByRole('button', { name: 'Export…' }).first().click();
      const dialog = page.getByTestId('export-dialog');
      expect(await dialog.getByRole('radio', { name: /Topic “/ }).isChecked()).toBe(true);
      expect(await dialog.getByLabel(/Download a \.zip/).isChecked()).toBe(true);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        dialog.getByRole('button', { name: 'Download' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^Dossier export \d{4}-\d{2}-\d{2}\.zip$/);
      const file = path.join(work, 'dl.zip');
      await download.saveAs(file);
      const entries = Object.keys(unzipSync(new Uint8Array(await readFile(file))));
      expect(entries).toHaveLength(count);
      expect(entries.every((e) => e.startsWith('Interceptor seeker') && e.endsWith('.md'))).toBe(true);
      await expect
        .poll(() => dialog.getByTestId('export-report').textContent())
        .toContain(download.suggestedFilename());

      // Twice as a brief into one folder: the second names its own file, nothing is overwritten.
      const out = path.join(work, 'briefs');
      for (const expected of ['brief.md', 'brief (2).md']) {
        await dialog.getByLabel(/Write to a folder/).check();
        await dialog.getByLabel('Export folder').fill(out);
        await dialog.getByLabel(/Topic brief/).check();
        await dialog.getByRole('button', { name: 'Export', exact: true }).click();
        await expect.poll(() => dialog.getByTestId('export-report').textContent()).toContain(expected);
      }
      const files = (await readdir(out)).sort();
      expect(files).toHaveLength(2);
      const brief = await readFile(path.join(out, files[0]!), 'utf8');
      expect(brief).toMatch(/\*\*Partners:\*\* .+/);
      expect(brief).toMatch(/\*\*Status:\*\* (planned|active|concluded)/);
      expect(brief).toMatch(/^status: /m);
      expect(brief).toContain('Joint development of a dual-band RF/IR seeker'); // the topic description
      await context.close();
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
