import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import type { Browser, Page } from 'playwright-core';
import { openPage, repoRoot, withSharedApp, type WebApp } from './harness.js';

// The issue-3 flow in real Chromium against browser mode with a temp data dir.

let app: WebApp;
let browser: Browser;
let page: Page;
let foreignRequests: string[];
let pageErrors: string[];
let exportDir: string;

withSharedApp(async (s) => {
  ({ app, browser } = s);
  ({ page, foreignRequests, pageErrors } = await openPage(browser, app));
});
beforeAll(async () => {
  exportDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-e2e-export-'));
});
afterAll(async () => {
  if (exportDir) await rm(exportDir, { recursive: true, force: true });
});

const rows = () => page.getByTestId('note-row');

async function writeNote(title: string, body: string, tags: string[]): Promise<void> {
  await page.getByRole('button', { name: '+ New note' }).click();
  // Wait for the new, empty note to open before typing into it.
  await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Note body (markdown)').fill(body);
  for (const tag of tags) {
    await page.getByLabel('Add tag').fill(tag);
    await page.getByLabel('Add tag').press('Enter');
    await expect
      .poll(() => page.getByRole('button', { name: `Remove tag ${tag.toLowerCase()}` }).count())
      .toBe(1);
  }
  await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
}

describe('notes flow in Chromium', () => {
  it('shows the first-run welcome with an empty store', async () => {
    await expect.poll(() => page.getByTestId('welcome').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Load sample data' }).isVisible()).toBe(true);
  });

  it('creates a topic and refuses a duplicate name with a message', async () => {
    await page.getByRole('button', { name: 'Create a topic' }).click();
    await page.getByLabel('Topic name').fill('Interceptor seeker co-development');
    await page.getByLabel('Partners').fill('Fraunhofer FHR; KAIST');
    await page.getByRole('button', { name: 'Create topic' }).click();
    await expect
      .poll(() => page.getByTestId('topic-list').textContent())
      .toContain('Interceptor seeker co-development');

    await page.getByRole('button', { name: 'New topic' }).click();
    await page.getByLabel('Topic name').fill('interceptor SEEKER co-development');
    await page.getByRole('button', { name: 'Create topic' }).click();
    await expect
      .poll(() => page.getByTestId('topic-dialog').getByRole('alert').textContent())
      .toContain('already exists');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('writes two tagged notes with autosave, and rejects an illegal tag', async () => {
    await writeNote('Kick-off minutes', '# Kick-off\n\nSeeker **radar** trade-offs discussed in Wachtberg.', [
      'partner/kaist',
      'activity/meeting',
    ]);
    await page.getByLabel('Add tag').fill('review:legal');
    await page.getByLabel('Add tag').press('Enter');
    await expect
      .poll(() => page.getByTestId('editor').getByRole('alert').textContent())
      .toContain('characters a tag cannot hold');
    await page.getByLabel('Add tag').fill('');
    await expect.poll(() => page.getByTestId('preview').innerHTML()).toContain('<strong>radar</strong>');

    await writeNote('Überprüfung Propulsion', 'Motor test at the range, thermal margins OK.', [
      'partner/fraunhofer',
      'tech/propulsion',
    ]);
    await expect.poll(() => rows().count()).toBe(2);
  });

  it('filters by tag (parent includes children), by text (accent-insensitive), and clears the filter', async () => {
    await page.locator('[data-tag="activity"]').click();
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain('Kick-off minutes');
    expect(await page.getByTestId('active-filter').textContent()).toContain('#activity');
    await page.getByRole('button', { name: 'Clear all' }).click();
    await expect.poll(() => rows().count()).toBe(2);

    await page.locator('[data-tag="partner"]').click();
    await expect.poll(() => rows().count()).toBe(2);
    await page.getByLabel('Search notes').fill('uberprufung');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().locator('mark').first().textContent()).toBe('Überprüfung');
    await page.getByLabel('Search notes').fill('zzzz-nothing');
    await expect.poll(() => page.getByTestId('no-results').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows().count()).toBe(2);
  });

  it('keeps the notes after a reload', async () => {
    await page.reload();
    await expect.poll(() => rows().count()).toBe(2);
    expect(await page.getByTestId('topic-list').textContent()).toContain('2');
  });

  it('exports the topic to markdown files on disk', async () => {
    await page
      .getByTestId('topic-list')
      .getByRole('button', { name: /Interceptor seeker co-development/ })
      .click();
    await page.getByRole('button', { name: 'Export…' }).first().click();
    await page.getByLabel('Topic “Interceptor seeker co-development”', { exact: false }).check();
    // Browser mode offers a download first; these tests write to a folder.
    await page.getByLabel(/Write to a folder/).check();
    await page.getByLabel('Export folder').fill(exportDir);
    await page.getByTestId('export-dialog').getByRole('button', { name: 'Export', exact: true }).click();
    await expect.poll(() => page.getByTestId('export-report').textContent()).toContain('2 files written');
    await page.getByRole('button', { name: 'Close' }).click();
    const folder = path.join(exportDir, 'Interceptor seeker co-development');
    const files = (await readdir(folder)).sort();
    expect(files).toEqual(['Kick-off minutes.md', 'Überprüfung Propulsion.md']);
    const text = await readFile(path.join(folder, 'Kick-off minutes.md'), 'utf8');
    const fm = YAML.parse(text.split('---\n')[1]!) as Record<string, unknown>;
    expect(fm).toMatchObject({
      title: 'Kick-off minutes',
      topic: 'Interceptor seeker co-development',
      tags: ['activity/meeting', 'partner/kaist'],
    });
    // The body as written, between the marking banner lines (an unmarked note counts as INTERNAL).
    expect(
      text.endsWith('# Kick-off\n\nSeeker **radar** trade-offs discussed in Wachtberg.\n\n**INTERNAL**\n'),
    ).toBe(true);
  });

  it('reports an export folder that cannot be written', async () => {
    await page.getByRole('button', { name: 'Export…' }).first().click();
    await writeFile(path.join(exportDir, 'a-file'), 'not a folder');
    await page.getByLabel(/Write to a folder/).check();
    await page.getByLabel('Export folder').fill(path.join(exportDir, 'a-file', 'sub'));
    await page.getByTestId('export-dialog').getByRole('button', { name: 'Export', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('export-dialog').getByRole('alert').textContent())
      .toContain('Cannot write to');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('export-dialog').count()).toBe(0);
  });

  it('deletes a note with the keyboard and undoes it from the toast', async () => {
    await page.getByRole('button', { name: 'Remove topic filter' }).click();
    await rows().filter({ hasText: 'Kick-off minutes' }).click();
    await page.locator('body').click({ position: { x: 700, y: 790 } });
    // Issue 10: delete-note is Ctrl+Shift+Backspace (Ctrl+Backspace deletes a word in text).
    await page.keyboard.press('Control+Shift+Backspace');
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => rows().count()).toBe(2);
  });

  it('moves through notes with the keyboard and opens a new one with Ctrl+N', async () => {
    await page.locator('body').click({ position: { x: 700, y: 790 } });
    await page.keyboard.press('j');
    const first = await page.getByLabel('Title').inputValue();
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => page.getByLabel('Title').inputValue()).not.toBe(first);
    await page.keyboard.press('Control+n');
    await expect.poll(() => rows().count()).toBe(3);
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('');
  });

  it('loads the sample data and saves a screenshot of the main screen', async () => {
    const before = await rows().count();
    const r = await page.evaluate(async () => {
      const token = sessionStorage.getItem('dossier-token');
      const res = await fetch('/api/sample.load', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      return res.json();
    });
    // The seeker topic exists already and is reused.
    expect(r).toMatchObject({ ok: true, value: { topics: 2 } });
    await page.reload();
    await expect.poll(async () => (await rows().count()) > before).toBe(true);
    await rows().filter({ hasText: 'Kick-off meeting minutes' }).click();
    await expect.poll(() => page.getByTestId('preview').innerHTML()).toContain('<table>');
    await mkdir(path.join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'test-artifacts', 'main-screen.png') });
  });

  it('made no request outside 127.0.0.1 and threw no page errors', () => {
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
