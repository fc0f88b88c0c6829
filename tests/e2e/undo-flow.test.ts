import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { editorText, openPage, pageApi, withAppPerTest, type WebApp } from './harness.js';

// Issue 10, the three bugs that lost or reverted text, each in real Chromium against browser mode.

let app: WebApp;
let browser: Browser;
let page: Page;
let pageErrors: string[];
/** every answer to a save that said 404 (the note was gone while the editor still saved into it) */
let lostSaves: string[];

type NoteJson = { id: string; title: string; body: string; tags: string[]; version: number };

withAppPerTest((s) => {
  ({ app, browser, page, pageErrors } = s);
  lostSaves = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/notes.update') && r.status() === 404) lostSaves.push(r.url());
  });
});

/** One contract call over the page's own transport (same token, same server). */
const api = <T>(name: string, input: unknown) => pageApi<T>(page, name, input);

const body = () => page.getByLabel('Note body (markdown)');
const rows = () => page.getByTestId('note-row');
const tagNode = (tag: string) => page.getByTestId('tag-tree').locator(`[data-tag="${tag}"]`);
const saved = () => expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');

/** Two notes (so the store is not empty), the first one tagged partner/onera and open in the editor. */
async function openOneraNote(): Promise<NoteJson> {
  const note = await api<NoteJson>('notes.create', {
    title: 'ONERA visit',
    body: 'Line one',
    tags: ['partner/onera', 'activity/meeting'],
  });
  await api('notes.create', { title: 'Other note', body: 'Unrelated', tags: ['tech/radar'] });
  await page.reload();
  await rows().filter({ hasText: 'ONERA visit' }).click();
  await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('ONERA visit');
  return note;
}

async function renameTag(from: string, to: string): Promise<void> {
  await tagNode(from).hover();
  await page.getByTestId('tag-tree').locator(`[aria-label="Manage tag ${from}"]`).click();
  await page.getByLabel('New tag name').fill(to);
  await page.getByTestId('tag-dialog').getByRole('button', { name: 'Rename' }).click();
  await expect.poll(() => tagNode(to).count()).toBe(1);
}

/** Clicks an empty spot of the page so keys go to no text field. */
const clickOutside = () => page.locator('body').click({ position: { x: 700, y: 790 } });

describe('issue 10: undo and edits elsewhere never lose text', () => {
  it('(a) undoing a tag rename keeps the line typed after the rename', async () => {
    const note = await openOneraNote();
    await renameTag('partner/onera', 'onera-dtis');
    await body().click();
    await body().press('Control+End');
    await body().pressSequentially('\nAdded after the rename');
    await saved();

    await clickOutside();
    await page.keyboard.press('Control+z');
    await expect.poll(() => tagNode('partner/onera').count()).toBe(1);
    await expect.poll(() => tagNode('onera-dtis').count()).toBe(0);

    const after = await api<NoteJson>('notes.get', { id: note.id });
    expect(after.body).toBe('Line one\nAdded after the rename');
    expect(after.tags).toEqual(['activity/meeting', 'partner/onera']);
    // The open editor follows: the line is still there and the chip is the old tag again.
    await expect.poll(() => page.getByRole('button', { name: 'Remove tag partner/onera' }).count()).toBe(1);
    expect(await editorText(body())).toBe('Line one\nAdded after the rename');
    // The history holds the version before the rename and the undo.
    await page.reload();
    await rows().filter({ hasText: 'ONERA visit' }).click();
    await expect.poll(() => editorText(body())).toBe('Line one\nAdded after the rename');
    expect(pageErrors).toEqual([]);
  });

  it('(b) the open note takes the renamed tag, and the next keystroke does not save the old one back', async () => {
    const note = await openOneraNote();
    await renameTag('partner/onera', 'onera-dtis');
    await expect.poll(() => page.getByRole('button', { name: 'Remove tag onera-dtis' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Remove tag partner/onera' }).count()).toBe(0);

    await body().click();
    await body().press('Control+End');
    await body().pressSequentially(' and two');
    await saved();
    await expect
      .poll(async () => (await api<NoteJson>('notes.get', { id: note.id })).body)
      .toBe('Line one and two');
    expect((await api<NoteJson>('notes.get', { id: note.id })).tags).toEqual([
      'activity/meeting',
      'onera-dtis',
    ]);
    await page.reload();
    await expect.poll(() => tagNode('onera-dtis').count()).toBe(1);
    expect(await tagNode('partner/onera').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('(c) Ctrl+Backspace in the editor deletes a word, not the note; a delete right after typing keeps the typing', async () => {
    const note = await openOneraNote();
    await body().click();
    await body().press('Control+End');
    await body().pressSequentially(' quick words');
    await body().press('Control+Backspace');
    await expect.poll(() => editorText(body())).toBe('Line one quick ');
    await saved();
    expect(await rows().count()).toBe(2);
    expect((await api<NoteJson>('notes.get', { id: note.id })).body).toBe('Line one quick ');

    // Type, and delete at once (before the autosave would have run), then undo from the toast.
    await body().pressSequentially('last seconds');
    await page.getByTestId('editor').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByTestId('toast').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => rows().count()).toBe(2);
    await expect
      .poll(async () => (await api<NoteJson>('notes.get', { id: note.id })).body)
      .toBe('Line one quick last seconds');
    // Nothing reappears later to be overwritten, and no save went to a deleted note.
    await page.waitForTimeout(1500);
    expect((await api<NoteJson>('notes.get', { id: note.id })).body).toBe('Line one quick last seconds');
    expect(lostSaves).toEqual([]);
    // The toast's step is undone: its Undo button is gone.
    await expect.poll(() => page.getByTestId('toast').getByRole('button', { name: 'Undo' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('a second tab follows edits made in the first, and its own typing merges instead of overwriting', async () => {
    const note = await openOneraNote();
    const { page: other } = await openPage(browser, app);
    try {
      await other.getByTestId('note-row').filter({ hasText: 'ONERA visit' }).click();
      await expect.poll(() => other.getByLabel('Title').inputValue()).toBe('ONERA visit');
      // Tab 1 types a line; tab 2 shows it without a reload.
      await body().click();
      await body().press('Control+End');
      await body().pressSequentially('\nfrom tab one');
      await saved();
      // (the other tab learns of it from the change feed, polled every 1.5 s)
      const feed = { timeout: 6000 };
      await expect
        .poll(() => editorText(other.getByLabel('Note body (markdown)')), feed)
        .toBe('Line one\nfrom tab one');
      // Both type at once at different places: both lines end up in the note, in both tabs.
      await other.getByLabel('Title').fill('ONERA visit (Palaiseau)');
      await body().pressSequentially('\nmore from tab one');
      await expect
        .poll(async () => {
          const n = await api<NoteJson>('notes.get', { id: note.id });
          return `${n.title}|${n.body}`;
        }, feed)
        .toBe('ONERA visit (Palaiseau)|Line one\nfrom tab one\nmore from tab one');
      await expect.poll(() => page.getByLabel('Title').inputValue(), feed).toBe('ONERA visit (Palaiseau)');
      await expect
        .poll(() => editorText(other.getByLabel('Note body (markdown)')), feed)
        .toBe('Line one\nfrom tab one\nmore from tab one');

      // Tab 1 deletes the note; tab 2 undoes it: tab 1's toast loses its Undo, the note is back in both.
      await page.getByTestId('editor').getByRole('button', { name: 'Delete', exact: true }).click();
      await expect
        .poll(() => page.getByTestId('toast').getByRole('button', { name: 'Undo' }).count())
        .toBe(1);
      await other.locator('body').click({ position: { x: 700, y: 790 } });
      await other.keyboard.press('Control+z');
      await expect
        .poll(() => page.getByTestId('toast').getByRole('button', { name: 'Undo' }).count(), feed)
        .toBe(0);
      await expect.poll(() => rows().filter({ hasText: 'ONERA visit' }).count(), feed).toBe(1);
      expect((await api<NoteJson>('notes.get', { id: note.id })).body).toBe(
        'Line one\nfrom tab one\nmore from tab one',
      );
    } finally {
      await other.close();
    }
  });

  it('undo toasts go once superseded; new note puts the caret in the title; help shows what works here', async () => {
    await openOneraNote();
    await page.getByTestId('editor').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => page.getByTestId('toast').getByRole('button', { name: 'Undo' }).count()).toBe(1);
    // Delete in a text field or on a toolbar button deletes nothing.
    await rows().first().click();
    // (at the end of the title, so the key has no character to take: the toast below names the note)
    await page.getByLabel('Title').press('End');
    await page.getByLabel('Title').press('Delete');
    await page.getByRole('button', { name: 'Import…' }).press('Delete');
    expect(await rows().count()).toBe(1);
    // Delete in the list does; a second delete supersedes the first: only its toast offers Undo.
    await rows().first().press('Delete');
    await expect.poll(() => rows().count()).toBe(0);
    // (the second toast first: until it is there, the first one's Undo would satisfy the count)
    await expect.poll(() => page.getByTestId('toast').filter({ hasText: 'Other note' }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('toast').getByRole('button', { name: 'Undo' }).count()).toBe(1);
    // (poll: a delete first asks the core how many links it would break, so its toast comes a moment later)
    await expect.poll(() => page.getByTestId('toast').filter({ hasText: 'Other note' }).count()).toBe(1);
    expect(await page.getByTestId('toast').filter({ hasText: 'ONERA visit' }).count()).toBe(0);

    // Browser mode: Alt+N makes a note, with the caret in the title.
    await clickOutside();
    await page.keyboard.press('Alt+n');
    await expect.poll(() => rows().count()).toBe(1);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Title');
    await page.keyboard.type('Typed straight into the ');
    await saved();
    // A save in the middle of typing keeps what is on screen (the trailing space is not trimmed away).
    await page.keyboard.type('title');
    await saved();
    expect(await page.getByLabel('Title').inputValue()).toBe('Typed straight into the title');
    await clickOutside();
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await expect.poll(() => help.textContent()).toContain('Alt+N');
    expect(await help.textContent()).not.toContain('Ctrl+N');
    expect(await help.textContent()).toContain('Ctrl+Shift+Backspace');
    expect(pageErrors).toEqual([]);
  });

  it('undoing an import that was edited since asks first, and then keeps the edited note in the trash', async () => {
    const src = path.join(app.dataDir, '..', `${path.basename(app.dataDir)}-import`);
    await mkdir(src, { recursive: true });
    await writeFile(path.join(src, 'a.md'), '---\ntitle: Imported minutes\n---\nfrom the partner');
    await writeFile(path.join(src, 'b.md'), '---\ntitle: Imported agenda\n---\nagenda');
    await api('import.run', { source: src });
    await page.reload();
    await rows().filter({ hasText: 'Imported minutes' }).click();
    await body().click();
    await body().press('Control+End');
    await body().pressSequentially('\nmy own notes');
    await saved();

    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await clickOutside();
    await page.keyboard.press('Control+z');
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toMatch(/1 imported note was edited since/);
    expect(await rows().count()).toBe(2);

    page.once('dialog', (d) => void d.accept());
    await page.keyboard.press('Control+z');
    await expect.poll(() => rows().count()).toBe(0);
    const trash = await api<{ items: { title: string }[] }>('notes.list', { filter: { trash: true } });
    expect(trash.items.map((i) => i.title)).toEqual(['Imported minutes']);
    expect(pageErrors).toEqual([]);
  });
});
