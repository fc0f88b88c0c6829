import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { editorText, launchChromium, openPage, pageApi, startWebApp } from './harness.js';

// Issue 4 in Chromium: revision restore, trash restore, and recovery from a corrupt store file.

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('history, trash and recovery in Chromium', () => {
  it('restores an earlier revision of a note and a note from the trash', async () => {
    const app = await startWebApp();
    try {
      const { page } = await openPage(browser, app);
      await page.getByRole('button', { name: 'Load sample data' }).click();
      const row = page.getByTestId('note-row').filter({ hasText: 'Exchange programme outline' });
      await row.click();
      const body = page.getByLabel('Note body (markdown)');
      const original = await editorText(body);
      await body.fill('Completely rewritten plan.');
      await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
      await page.getByRole('button', { name: 'History' }).click();
      await page.getByTestId('revision').first().click();
      await expect
        .poll(() => page.getByTestId('revision-diff').textContent())
        .toContain('Completely rewritten plan.');
      await page.getByRole('button', { name: 'Restore this version' }).click();
      await expect.poll(() => editorText(page.getByLabel('Note body (markdown)'))).toBe(original);

      // Trash: delete, find it in the trash, restore it.
      await page.getByTestId('editor').getByRole('button', { name: 'Delete' }).click();
      await expect
        .poll(() => page.getByTestId('note-row').filter({ hasText: 'Exchange programme outline' }).count())
        .toBe(0);
      await page.getByRole('button', { name: 'Trash' }).click();
      await page.getByTestId('note-row').filter({ hasText: 'Exchange programme outline' }).click();
      // The trash shows the note read-only first; Restore brings it back.
      await page.getByTestId('trash-preview').getByRole('button', { name: 'Restore', exact: true }).click();
      await expect.poll(() => page.getByTestId('note-row').count()).toBe(0);
      await page.getByRole('button', { name: 'All notes' }).click();
      await expect
        .poll(() => page.getByTestId('note-row').filter({ hasText: 'Exchange programme outline' }).count())
        .toBe(1);
      // pageApi throws on an answer that is not ok.
      expect(await pageApi(page, 'backups.list', {})).toEqual(expect.any(Array));
    } finally {
      await app.stop();
    }
  });

  it('shows the problem with a corrupt store and restores the newest backup', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-e2e-recovery-'));
    try {
      // A first run creates a store and its daily backup.
      let app = await startWebApp(dataDir);
      let { page } = await openPage(browser, app);
      await page.getByRole('button', { name: 'Load sample data' }).click();
      await expect.poll(() => page.getByTestId('note-row').count()).toBeGreaterThan(5);
      await page.close();
      await app.stop();
      expect((await readdir(path.join(dataDir, 'backups'))).length).toBeGreaterThan(0);

      await writeFile(path.join(dataDir, 'dossier.json'), '{"schemaVersion":1,"topics":{');
      app = await startWebApp(dataDir);
      ({ page } = await openPage(browser, app));
      await expect.poll(() => page.getByTestId('recovery').textContent()).toContain('not valid JSON');
      expect(await page.getByTestId('recovery').textContent()).toContain(path.join(dataDir, 'dossier.json'));
      await page.getByRole('button', { name: /Restore backup from/ }).click();
      await expect.poll(() => page.getByTestId('note-row').count()).toBeGreaterThan(5);
      expect((await readdir(dataDir)).some((n) => n.startsWith('dossier.json.corrupt-'))).toBe(true);
      await app.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
