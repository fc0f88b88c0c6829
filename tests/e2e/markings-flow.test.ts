import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { openApp } from '../../electron/shell/open-app.js';
import { launchChromium, startWebApp, type WebApp } from './harness.js';

// pdf.js 6 calls Promise.withResolvers, which Node 20 lacks (core/attachments/pdf-worker.ts does the same).
const withResolvers = Promise as unknown as { withResolvers?: () => unknown };
withResolvers.withResolvers ??= () => {
  let resolve: (v: unknown) => void = () => undefined;
  let reject: (e: unknown) => void = () => undefined;
  const promise = new Promise((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};

// Issue 14 in real Chromium against browser mode: mark notes, export for a partner and see what was
// withheld, print a topic brief to PDF (the print stylesheet) and read the PDF back with pdf.js.

let app: WebApp;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let dataDir: string;
let exportDir: string;

const TOPIC = 'Interceptor seeker co-development';
/** Long enough that the brief runs over several A4 pages. */
const LONG = Array.from(
  { length: 40 },
  (_, i) => `${i + 1}. Trial step: seeker head calibration against the reference target, range ${i * 50} m.`,
).join('\n');

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-e2e-markings-'));
  exportDir = await mkdtemp(path.join(os.tmpdir(), 'dossier-e2e-markings-out-'));
  const seed = await openApp(dataDir, 'cli');
  const t = await seed.core.createTopic({ name: TOPIC, partners: ['KAIST', 'Fraunhofer FHR'] });
  await seed.core.createNote({ topicId: t.id, title: 'Kick-off minutes', body: LONG });
  await seed.core.createNote({ topicId: t.id, title: 'Seeker test plan', body: LONG });
  await seed.core.createNote({
    topicId: t.id,
    title: 'Interceptor flaw analysis',
    body: 'Canary-7 weakness.',
  });
  const pub = await seed.core.createNote({ topicId: t.id, title: 'Programme overview', body: LONG });
  await seed.core.setNoteMarking(pub.id, { marking: 'PUBLIC' });
  await seed.close();
  app = await startWebApp(dataDir);
  browser = await launchChromium();
  // axe needs a page of its own context (it opens a helper page beside it).
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(app.url);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(exportDir, { recursive: true, force: true });
});

const row = (title: string) => page.getByTestId('note-row').filter({ hasText: title });

/** axe on the new UI only (the rest of the app has its own a11y test). */
async function axe(screen: string, selector: string): Promise<void> {
  await page.waitForTimeout(150);
  const r = await new AxeBuilder({ page })
    .include(selector)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    r.violations.map((v) => `${screen}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

async function marking(title: string, level: string, partner?: string): Promise<void> {
  await row(title).click();
  await expect.poll(() => page.getByLabel('Title').inputValue()).toBe(title);
  await page.getByRole('button', { name: 'Change marking' }).click();
  await page.getByLabel('Marking of this note').selectOption(level);
  await expect.poll(() => page.getByTestId('marking-banner').textContent()).toContain(level);
  if (partner) {
    // Controlled by the saved note: the box changes once the core has saved the change.
    await page.getByLabel('Inherit from the topic').click();
    await expect.poll(() => page.getByLabel('Inherit from the topic').isChecked()).toBe(false);
    await page.getByTestId('marking-form').getByLabel(partner).click();
    await expect.poll(() => page.getByTestId('marking-banner').textContent()).toContain(`REL TO ${partner}`);
  }
  await page.getByRole('button', { name: 'Done' }).click();
}

type PdfPage = { text: string; height: number; lines: { str: string; y: number }[] };

/** Every page's text (with each run's height on the page) of a PDF, read back with pdf.js. */
async function pdfPages(bytes: Uint8Array): Promise<PdfPage[]> {
  const task = getDocument({ data: bytes, useSystemFonts: true });
  const pdf = await task.promise;
  const pages: PdfPage[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const p = await pdf.getPage(i);
    const content = await p.getTextContent();
    const lines = content.items.flatMap((it) =>
      'str' in it ? [{ str: it.str, y: (it.transform as number[])[5]! }] : [],
    );
    pages.push({ text: lines.map((l) => l.str).join(' '), height: p.view[3]!, lines });
  }
  await task.destroy();
  return pages;
}

describe('markings in Chromium', () => {
  it('marks notes: banner on the note, badge in the list, counts in the facets', async () => {
    await expect.poll(() => page.getByTestId('note-row').count()).toBe(4);
    await marking('Interceptor flaw analysis', 'RESTRICTED');
    await marking('Seeker test plan', 'PARTNER CONFIDENTIAL', 'KAIST');
    await expect
      .poll(() => row('Interceptor flaw analysis').getByTestId('marking-badge').textContent())
      .toBe('RESTRICTED');
    expect(await row('Kick-off minutes').getByTestId('marking-badge').textContent()).toBe('INTERNAL');
    await page.getByRole('button', { name: 'Change marking' }).click();
    await axe('note with marking form', '.marking-bar');
    await page.getByRole('button', { name: 'Done' }).click();
    // marking:>=partner in the search box finds the two marked notes.
    await page.getByRole('searchbox').first().fill('marking:>=partner');
    await expect.poll(() => page.getByTestId('note-row').count()).toBe(2);
    await page.getByRole('searchbox').first().fill('');
    await expect.poll(() => page.getByTestId('note-row').count()).toBe(4);
  });

  it('exports for KAIST: only what is releasable, the rest withheld with the reason', async () => {
    await page.getByRole('button', { name: 'Export…' }).first().click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.getByLabel('Everything').check();
    await dialog.getByLabel('Export for partner').selectOption('KAIST');
    await expect
      .poll(() => dialog.getByTestId('release-summary').textContent())
      .toContain('2 notes will be exported, highest marking PARTNER CONFIDENTIAL. 2 withheld');
    await dialog.getByText('Why withheld').click();
    expect(await dialog.getByTestId('release-summary').textContent()).toContain(
      'RESTRICTED: not releasable to KAIST',
    );
    // Above INTERNAL: Export stays disabled until the count is confirmed.
    const exportButton = dialog.getByRole('button', { name: 'Export', exact: true });
    await dialog.getByLabel(/Write to a folder/).check();
    await dialog.getByLabel('Export folder').fill(exportDir);
    expect(await exportButton.isDisabled()).toBe(true);
    await axe('export for a partner', '[data-testid=export-dialog]');
    await dialog
      .getByLabel(/Yes, export 1 note marked above INTERNAL \(up to PARTNER CONFIDENTIAL\)/)
      .check();
    await exportButton.click();
    await expect
      .poll(() => dialog.getByTestId('export-report').textContent())
      .toContain('2 notes exported for KAIST, 2 withheld');
    const files = (await readdir(path.join(exportDir, TOPIC))).sort();
    expect(files).toEqual(['Programme overview.md', 'Seeker test plan.md']);
    const text = await readFile(path.join(exportDir, TOPIC, 'Seeker test plan.md'), 'utf8');
    expect(text).toContain('marking: PARTNER CONFIDENTIAL');
    expect(text.trimEnd().endsWith('**PARTNER CONFIDENTIAL // REL TO KAIST**')).toBe(true);
    // The export log shows it.
    await dialog.getByRole('button', { name: 'Log…' }).click();
    const log = page.getByTestId('export-log-dialog');
    await expect.poll(() => log.textContent()).toContain('KAIST');
    await axe('export log', '[data-testid=export-log-dialog]');
    await page.keyboard.press('Escape');
  });

  it('prints a topic brief to PDF with the banner on every page and nothing above the chosen level', async () => {
    await page
      .getByTestId('topic-list')
      .getByRole('button', { name: new RegExp(TOPIC) })
      .click();
    await page.getByRole('button', { name: 'Export…' }).first().click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.getByLabel(`Topic “${TOPIC}”`, { exact: false }).check();
    await dialog.getByLabel('Export for partner').selectOption('KAIST');
    await dialog.getByLabel(/Yes, export 1 note marked above INTERNAL/).check();
    await dialog.getByRole('button', { name: 'Print / PDF…' }).click();
    const view = page.getByTestId('print-view');
    await expect.poll(() => view.getAttribute('data-ready')).toBe('true');
    await expect.poll(() => view.textContent()).toContain('2 notes withheld (not releasable to KAIST)');
    await axe('print view', '[data-testid=print-view]');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const pages = await pdfPages(new Uint8Array(pdf));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const banner = 'PARTNER CONFIDENTIAL // REL TO KAIST';
    for (const [i, { text, height, lines }] of pages.entries()) {
      // Header and footer: the brief's highest marking in the top and the bottom tenth of every page.
      const at = lines.filter((l) => l.str.trim() === banner).map((l) => l.y / height);
      expect(
        at.some((y) => y > 0.9),
        `banner at the top of page ${i + 1}`,
      ).toBe(true);
      expect(
        at.some((y) => y < 0.1),
        `banner at the bottom of page ${i + 1}`,
      ).toBe(true);
      expect(text).not.toContain('RESTRICTED');
      expect(text).not.toContain('Interceptor flaw analysis');
      expect(text).not.toContain('Canary-7');
    }
    expect(pages.map((p) => p.text).join(' ')).toContain('Seeker test plan');
    await view.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByTestId('print-view').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('sets a topic default marking and releasability that unmarked notes inherit', async () => {
    await expect
      .poll(() => row('Kick-off minutes').getByTestId('marking-badge').textContent())
      .toBe('INTERNAL');
    await page
      .getByTestId('topic-list')
      .getByRole('button', { name: new RegExp(TOPIC) })
      .click();
    await page.getByRole('button', { name: 'Edit topic' }).click();
    const field = page.getByTestId('topic-dialog').getByTestId('topic-marking');
    await field.getByLabel('Default marking of the topic’s notes').selectOption('PARTNER CONFIDENTIAL');
    // Controlled by the saved topic: the box changes once the core has saved it.
    await field.getByLabel('KAIST').click();
    await expect.poll(() => field.getByLabel('KAIST').isChecked()).toBe(true);
    await axe('topic dialog with marking', '[data-testid=topic-dialog]');
    // Saved on change, and the focus stays in the dialog, so Escape closes it and the change stays.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('topic-dialog').count()).toBe(0);
    // Inherited by the note without its own marking; the marked ones keep theirs.
    await expect
      .poll(() => row('Kick-off minutes').getByTestId('marking-badge').textContent())
      .toBe('PARTNER CONFIDENTIAL');
    expect(await row('Programme overview').getByTestId('marking-badge').textContent()).toBe('PUBLIC');
    await row('Kick-off minutes').click();
    await expect
      .poll(() => page.getByTestId('marking-banner').textContent())
      .toContain('PARTNER CONFIDENTIAL // REL TO KAIST');
    expect(pageErrors).toEqual([]);
  });
});
