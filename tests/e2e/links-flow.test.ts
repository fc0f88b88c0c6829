import { describe, expect, it } from 'vitest';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { editorText, pageApi, repoRoot, withAppPerTest, type WebApp } from './harness.js';

// Issue 13, renderer half: links, backlinks, rename, properties, queries and templates in real Chromium.

let app: WebApp;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let foreignRequests: string[];

type NoteJson = {
  id: string;
  title: string;
  body: string;
  version: number;
  properties?: Record<string, unknown>;
};

withAppPerTest(async (s) => {
  ({ app, browser, page, pageErrors, foreignRequests } = s);
  // The page keeps the session token once it has started; API calls from the test go through it.
  await page.getByRole('button', { name: '+ New note' }).waitFor();
});

const body = () => page.getByLabel('Note body (markdown)');
const preview = () => page.getByTestId('preview');
const saved = () => expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');
const note = (id: string) => pageApi<NoteJson>(page, 'notes.get', { id });
const open = async (title: string) => {
  await page
    .getByTestId('note-row')
    .filter({ has: page.locator('.note-row-title', { hasText: new RegExp(`^${title}$`) }) })
    .click();
  await expect.poll(() => page.getByLabel('Title').inputValue()).toBe(title);
};
const search = async (q: string) => {
  await page.getByLabel('Search notes').fill(q);
  await expect
    .poll(async () => (await page.getByTestId('note-row').allTextContents()).length)
    .toBeGreaterThan(0);
};
const rowTitles = async () =>
  (await page.locator('.note-row-title').allTextContents()).map((t) => t.trim()).filter(Boolean);

describe('links, backlinks, properties and templates', () => {
  it('writes a [[link with completion, follows it, sees the backlink, renames the target and filters', async () => {
    const target = await pageApi<NoteJson>(page, 'notes.create', {
      title: 'Trial log Goheung',
      body: '# Trial log\n\nRange tests.\n\n## Results\n\nAll tracks held.',
    });
    await pageApi(page, 'notes.create', { title: 'Radar budget', body: 'Money for the radar.' });
    const source = await pageApi<NoteJson>(page, 'notes.create', { title: 'Weekly report', body: '' });
    await page.reload();
    await open('Weekly report');

    // Typing [[ offers titles, ranked by the core; Enter writes the link and closes it.
    await body().click();
    await page.keyboard.type('See [[tri');
    const option = page.locator('.cm-tooltip-autocomplete li').first();
    await expect.poll(() => option.textContent()).toContain('Trial log Goheung');
    // A click picks the option shown (Enter could race a list still being replaced on a busy machine).
    await option.click();
    await page.keyboard.type(' and [[Trial log Goheung#Res');
    await expect.poll(() => option.textContent()).toBe('Results');
    // Clicked too: under load an Enter pressed while the list was replaced went into the text as a new line.
    await option.click();
    await page.keyboard.type(' and [[Nobody yet]].');
    expect(await editorText(body())).toBe(
      'See [[Trial log Goheung]] and [[Trial log Goheung#Results]] and [[Nobody yet]].',
    );
    await saved();
    expect((await note(source.id)).body).toContain('[[Trial log Goheung#Results]]');

    // Resolved links look different from unresolved ones; hovering shows the start of the target.
    const link = preview().locator('a.wikilink').first();
    await expect.poll(() => link.getAttribute('class')).toContain('wikilink-resolved');
    await expect
      .poll(() => preview().locator('a.wikilink', { hasText: 'Nobody yet' }).getAttribute('class'))
      .toContain('wikilink-unresolved');
    await link.hover();
    await expect.poll(() => page.getByTestId('link-popover').textContent()).toContain('Range tests.');

    // A heading link opens the note and scrolls to the heading.
    await preview().locator('a.wikilink', { hasText: 'Results' }).click();
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('Trial log Goheung');
    await expect.poll(() => preview().locator('h2.anchor-flash').textContent()).toBe('Results');

    // The backlink shows the linking note with the sentence around the link; it leads back.
    const backlinks = page.getByTestId('backlinks');
    await expect.poll(() => backlinks.textContent()).toContain('Weekly report');
    await expect.poll(() => backlinks.textContent()).toContain('See [[Trial log Goheung]]');

    // Rename the target: the app counts the links and updates them in one step.
    const title = page.getByLabel('Title');
    await title.fill('Trial log Goheung 2025');
    await body().click();
    await expect.poll(() => page.getByTestId('rename-links').textContent()).toContain('2 links in 1 note');
    await page.getByRole('button', { name: 'Update 2 links' }).click();
    await expect
      .poll(async () => (await note(source.id)).body)
      .toBe('See [[Trial log Goheung 2025]] and [[Trial log Goheung 2025#Results]] and [[Nobody yet]].');
    await expect.poll(() => page.locator('.toast').first().textContent()).toContain('Undo');

    // Follow the backlink back; the source's preview shows the new title.
    await backlinks.getByRole('button', { name: 'Weekly report' }).click();
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('Weekly report');
    await expect.poll(() => editorText(body())).toContain('[[Trial log Goheung 2025]]');

    // An unresolved link offers to create the note.
    await preview().locator('a.wikilink', { hasText: 'Nobody yet' }).click();
    await page.getByRole('button', { name: 'Create “Nobody yet”' }).click();
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('Nobody yet');

    // linksto: filters the list.
    await search('linksto:"Trial log Goheung 2025"');
    await expect.poll(rowTitles).toEqual(['Weekly report']);
    expect(target.id).toBeTruthy();
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('edits properties by type, filters with prop:, and creates a note from a template at its cursor', async () => {
    const n = await pageApi<NoteJson>(page, 'notes.create', {
      title: 'Partner visit Daejeon',
      body: 'Visit.',
    });
    await pageApi(page, 'notes.create', { title: 'Other', body: 'No properties.' });
    await page.reload();
    await open('Partner visit Daejeon');

    const props = page.getByTestId('properties');
    await props.getByRole('button', { name: /Properties/ }).click();
    const addProp = async (key: string, kind: string) => {
      await props.getByLabel('New property name').fill(key);
      await props.getByLabel('Type of the new property').selectOption(kind);
      await props.getByRole('button', { name: 'Add', exact: true }).click();
      await expect.poll(() => props.locator(`[data-property="${key}"]`).count()).toBe(1);
    };
    await addProp('rating', 'number');
    await props.getByLabel('Value of rating').fill('4');
    await props.getByLabel('Value of rating').press('Enter');
    await addProp('visited', 'date');
    await props.getByLabel('Value of visited').fill('2025-03-04');
    await addProp('confirmed', 'boolean');
    await props.getByLabel('Value of confirmed').click();
    await expect.poll(() => props.getByLabel('Value of confirmed').isChecked()).toBe(true);
    await addProp('aliases', 'list');
    await props.getByLabel('Add to aliases').fill('KAIST visit');
    await props.getByLabel('Add to aliases').press('Enter');
    await addProp('temp', 'text');
    await props.getByLabel('Property name temp').fill('owner');
    await props.getByLabel('Property name temp').press('Enter');
    await expect.poll(() => props.locator('[data-property="owner"]').count()).toBe(1);
    await props.getByRole('button', { name: 'Remove property owner' }).click();
    await expect
      .poll(async () => (await note(n.id)).properties)
      .toEqual({ rating: 4, visited: '2025-03-04', confirmed: true, aliases: ['KAIST visit'] });

    // The alias resolves links; prop: filters.
    const linker = await pageApi<NoteJson>(page, 'notes.create', {
      title: 'Linker',
      body: 'Met at [[KAIST visit]].',
    });
    expect(
      (
        await pageApi<{ status: string; noteId: string }>(page, 'links.resolve', {
          target: 'kaist visit',
          fromId: linker.id,
        })
      ).noteId,
    ).toBe(n.id);
    await search('prop:rating>3');
    await expect.poll(rowTitles).toEqual(['Partner visit Daejeon']);
    await page.getByLabel('Search notes').fill('');

    // A note from a template: install the shipped ones, pick one, the caret sits at the marker.
    await page.getByRole('button', { name: 'From template…' }).click();
    const dialog = page.getByTestId('template-dialog');
    await dialog.getByRole('button', { name: 'Add the four shipped templates' }).click();
    await expect.poll(() => dialog.getByRole('radio').count()).toBe(4);
    const names = await dialog.locator('label.radio-row').allTextContents();
    const meeting = names.find((t) => /meeting/i.test(t))!;
    await dialog.getByLabel(meeting.trim()).check();
    await dialog.getByLabel('Title of the new note').fill('Kickoff with FHR');
    await dialog.getByRole('button', { name: 'Create note' }).click();
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('Kickoff with FHR');
    const made = await pageApi<{ id: string; title: string; body: string }[]>(page, 'notes.list', {
      filter: { text: 'Kickoff' },
      sort: 'relevance',
      offset: 0,
      limit: 5,
    }).then((r) => (r as unknown as { items: { id: string }[] }).items[0]!);
    const full = await note(made.id);
    expect(full.body).not.toContain('{{cursor}}');
    expect(full.body).not.toMatch(/\{\{(date|time|topic|title|partners)\}\}/);
    // Typing goes where the marker was.
    await page.keyboard.type('TYPED');
    await saved();
    const typed = (await note(made.id)).body;
    expect(typed.replace('TYPED', '')).toBe(full.body);

    await mkdir(path.join(repoRoot, 'test-artifacts'), { recursive: true });
    expect(pageErrors).toEqual([]);
  });

  it('renders callouts, highlights, embeds, footnotes and math locally, and shows the screenshot', async () => {
    await pageApi(page, 'notes.create', {
      title: 'Radar notes',
      body: '# Radar notes\n\nThe X-band seeker held lock. ^lock1\n\n## Budget\n\nEUR 40k for trials.',
    });
    const main = await pageApi<NoteJson>(page, 'notes.create', {
      title: 'Seeker review',
      body: [
        '# Seeker review',
        '',
        '> [!warning] Export control',
        '> Check the ==end-user certificate== before sharing [[Radar notes#Budget|the budget]].',
        '',
        '> [!tip]- Folded details',
        '> Hidden until opened.',
        '',
        'Detection range follows $R^4 \\propto P_t G^2$ and a footnote[^1].',
        '',
        '$$',
        '\\frac{P_t G^2 \\lambda^2 \\sigma}{(4\\pi)^3 R^4}',
        '$$',
        '',
        '![[Radar notes#Budget]]',
        '',
        '[^1]: From the 2024 trial report.',
      ].join('\n'),
    });
    await page.reload();
    await open('Seeker review');
    await expect
      .poll(() => preview().locator('.callout-warning .callout-title').textContent())
      .toBe('Export control');
    expect(await preview().locator('details.callout').getAttribute('open')).toBeNull();
    expect(await preview().locator('mark').textContent()).toBe('end-user certificate');
    await expect.poll(() => preview().locator('.embed').textContent()).toContain('EUR 40k for trials.');
    // KaTeX loads on demand (its own chunk), then the preview renders again with the math typeset.
    await expect.poll(() => preview().locator('.katex-display').count()).toBe(1);
    expect(await preview().locator('.footnotes').textContent()).toContain('From the 2024 trial report.');
    // KaTeX's fonts come from the app itself.
    await expect.poll(() => page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
    await page.getByTestId('backlinks').scrollIntoViewIfNeeded();
    await mkdir(path.join(repoRoot, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'test-artifacts', 'links.png') });
    // axe on the new panels: the preview (callouts, math, embeds), properties and backlinks.
    await page
      .getByTestId('properties')
      .getByRole('button', { name: /Properties/ })
      .click();
    // axe needs a page from an explicit browser context.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const axePage = await context.newPage();
    await axePage.goto(app.url);
    await axePage.getByTestId('note-row').filter({ hasText: 'Seeker review' }).click();
    await expect.poll(() => axePage.getByTestId('preview').locator('.katex-display').count()).toBe(1);
    await axePage
      .getByTestId('properties')
      .getByRole('button', { name: /Properties/ })
      .click();
    const r = await new AxeBuilder({ page: axePage })
      .include('[data-testid="preview"]')
      .include('[data-testid="properties"]')
      .include('[data-testid="backlinks"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
      [],
    );
    expect(main.id).toBeTruthy();
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('says how many links break before deleting a linked note', async () => {
    await pageApi(page, 'notes.create', { title: 'Hub', body: 'Central.' });
    await pageApi(page, 'notes.create', { title: 'A', body: '[[Hub]] and [[Hub]]' });
    await pageApi(page, 'notes.create', { title: 'B', body: 'see [[hub]]' });
    await page.reload();
    await open('Hub');
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => asked).toContain('3 links in 2 notes');
    // Dismissed: the note is still there.
    expect(await page.getByLabel('Title').inputValue()).toBe('Hub');
  });
});
