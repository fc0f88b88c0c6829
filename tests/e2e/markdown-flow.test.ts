import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage, startWebApp } from './harness.js';

// Issue 6 in Chromium: import a folder through the UI, read the report, filter the imported notes by
// tag, and export just those results.

let browser: Browser;
let work: string;
beforeAll(async () => {
  browser = await launchChromium();
  work = await mkdtemp(path.join(os.tmpdir(), 'dossier-e2e-md-'));
});
afterAll(async () => {
  await browser?.close();
  await rm(work, { recursive: true, force: true });
});

describe('markdown import and export in Chromium', () => {
  it('imports a folder with a preview and a report, then filters and exports the imported notes', async () => {
    const vault = path.join(work, 'vault');
    await mkdir(path.join(vault, 'Seeker co-development'), { recursive: true });
    await mkdir(path.join(vault, 'Exchange 2026'), { recursive: true });
    await writeFile(
      path.join(vault, 'Seeker co-development', 'Kick-off.md'),
      '---\ntags: [partner/kaist]\n---\n# Kick-off minutes\n\nRadar trade-offs. #status/action-needed\n',
    );
    await writeFile(
      path.join(vault, 'Seeker co-development', 'Radome.md'),
      '# Radome materials\n\nThermal tests. #partner/fraunhofer-fhr\n',
    );
    await writeFile(
      path.join(vault, 'Exchange 2026', 'Visit.md'),
      '# Daejeon visit\n\nMet the team. #partner/kaist #country/korea\n',
    );
    await writeFile(path.join(vault, 'Exchange 2026', 'scan.md'), Buffer.from([0xff, 0xfe, 0x00, 0x41]));

    const app = await startWebApp();
    try {
      const { page, pageErrors } = await openPage(browser, app);
      await page.getByRole('button', { name: 'Import…' }).click();
      await page.getByLabel('Import source').fill(vault);
      await page.getByTestId('import-dialog').getByRole('button', { name: 'Preview' }).click();
      const report = page.getByTestId('import-report');
      await expect.poll(() => report.textContent()).toContain('Will add 3 notes, 2 topics, skip 1 file');
      expect(await report.textContent()).toContain('scan.md');
      await page.getByRole('button', { name: 'Import 3 notes' }).click();
      await expect.poll(() => page.locator('.toast').first().textContent()).toContain('Import 3 notes');
      await expect.poll(() => page.getByTestId('topic-list').textContent()).toContain('Exchange 2026');

      // Filter the imported notes by tag in the tag tree.
      await page.getByTestId('tag-tree').locator('[data-tag="partner"]').click();
      await expect.poll(() => page.getByTestId('note-row').count()).toBe(3);
      await page.getByTestId('tag-tree').locator('[data-tag="partner"]').click();
      await page.getByLabel('Search notes').fill('tag:partner/kaist');
      await expect.poll(() => page.getByTestId('note-row').count()).toBe(2);

      // Export just these results.
      const out = path.join(work, 'out');
      await page.getByRole('button', { name: 'Export…' }).click();
      // Browser mode offers a download first; this test writes to a folder.
      await page.getByLabel(/Write to a folder/).check();
      await page.getByLabel('Export folder').fill(out);
      expect(
        await page
          .getByTestId('export-dialog')
          .getByLabel(/These results/)
          .isChecked(),
      ).toBe(true);
      await page.getByTestId('export-dialog').getByRole('button', { name: 'Export' }).click();
      await expect.poll(() => page.getByTestId('export-report').textContent()).toContain('2 notes exported');
      const folders = (await readdir(out)).sort();
      expect(folders).toEqual(['Exchange 2026', 'Seeker co-development']);
      expect(pageErrors).toEqual([]);
    } finally {
      await app.stop();
    }
  });
});
