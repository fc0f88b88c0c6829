import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openPage, withSharedApp, type WebApp } from './harness.js';

// Issue 10, tags in Chromium: fast typing never glues two tags, pasting "a, b, c" adds three, the tag tree
// is one Tab stop driven by the arrow keys, and its menu (rename, merge, remove) opens from the keyboard.

let browser: Browser;
let app: WebApp;
withSharedApp((s) => ({ app, browser } = s));

const chips = (page: Page) => page.getByTestId('editor').locator('.chip.tag');
const chipTexts = async (page: Page) => (await chips(page).allTextContents()).map((t) => t.replace(/×$/, ''));
const focusedItem = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-item') ?? document.activeElement?.tagName);

async function freshNote(page: Page): Promise<void> {
  await page.getByRole('button', { name: '+ New note' }).click();
  await expect.poll(() => page.getByTestId('editor').count()).toBe(1);
  await page.getByLabel('Title').fill('Tag typing test');
}

describe('tags in Chromium', () => {
  it('typing fast never glues tags together, and pasting "a, b, c" adds three', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
    const page = await context.newPage();
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Load sample data' }).click();
    await expect.poll(() => page.getByTestId('note-row').count()).toBeGreaterThan(3);
    await freshNote(page);

    await page.getByLabel('Add tag').click();
    await page.keyboard.type('alpha,beta;gamma,partner/kaist,delta', { delay: 0 });
    await page.keyboard.press('Enter');
    await expect
      .poll(() => chipTexts(page))
      .toEqual(['#alpha', '#beta', '#delta', '#gamma', '#partner/kaist']);
    expect(await page.getByLabel('Add tag').inputValue()).toBe('');

    await page.evaluate(() => navigator.clipboard.writeText('red, green, blue'));
    await page.getByLabel('Add tag').focus();
    await page.keyboard.press('Control+V');
    await expect
      .poll(() => chipTexts(page))
      .toEqual(['#alpha', '#beta', '#blue', '#delta', '#gamma', '#green', '#partner/kaist', '#red']);

    // A refused tag comes back into the box with the reason; the others are kept.
    await page.evaluate(() => navigator.clipboard.writeText('ok-one, bad<tag'));
    await page.keyboard.press('Control+V');
    await expect.poll(() => chipTexts(page)).toContain('#ok-one');
    await expect.poll(() => page.getByLabel('Add tag').inputValue()).toBe('bad<tag');
    await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);

    // Saved: a reload shows the same tags.
    await page.getByLabel('Add tag').fill('');
    await page.getByLabel('Title').click();
    await page.waitForTimeout(1200);
    await page.reload();
    await page.getByText('Tag typing test').first().click();
    await expect.poll(() => chipTexts(page)).toContain('#green');
    expect(await chipTexts(page)).not.toContain('#alphabeta');
    await context.close();
  });

  it('the tag tree is one Tab stop, moves with the arrow keys, and opens its menu from the keyboard', async () => {
    const { page } = await openPage(browser, app);
    const tree = page.getByRole('tree', { name: 'Tags' });
    await tree.waitFor();
    // One Tab stop: exactly one element inside the tree is in the tab order.
    const tabbable = () =>
      tree.evaluate(
        (el) =>
          Array.from(el.querySelectorAll<HTMLElement>('button, [tabindex], a[href], input')).filter(
            (e) => e.tabIndex >= 0,
          ).length,
      );
    expect(await tabbable()).toBe(1);

    await tree.getByRole('treeitem').first().focus();
    const items = async () =>
      tree.evaluate((el) =>
        Array.from(el.querySelectorAll('[role=treeitem]')).map((e) => e.getAttribute('data-item')),
      );
    const visible = await items();
    expect(await focusedItem(page)).toBe(visible[0]);
    await page.keyboard.press('ArrowDown');
    expect(await focusedItem(page)).toBe(visible[1]);
    await page.keyboard.press('End');
    expect(await focusedItem(page)).toBe(visible.at(-1));
    await page.keyboard.press('Home');
    expect(await focusedItem(page)).toBe(visible[0]);
    expect(await tabbable()).toBe(1);

    // "partner" has children: → opens it, → again goes to its first child, ← goes back to the parent, ← closes.
    const partner = tree.locator('[data-item="partner"]');
    while ((await focusedItem(page)) !== 'partner') await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => partner.getAttribute('aria-expanded')).toBe('true');
    const firstChild = (await items())[(await items()).indexOf('partner') + 1];
    expect(firstChild).toMatch(/^partner\//);
    await page.keyboard.press('ArrowRight');
    expect(await focusedItem(page)).toBe(firstChild);
    await page.keyboard.press('ArrowLeft');
    expect(await focusedItem(page)).toBe('partner');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => partner.getAttribute('aria-expanded')).toBe('false');

    // Enter filters by the tag (and marks it selected).
    await page.keyboard.press('Enter');
    await expect.poll(() => partner.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByTestId('active-filter').textContent()).toContain('#partner');

    // Shift+F10 opens the tag's menu; Esc closes it and gives focus back to the tree item.
    await page.keyboard.press('Shift+F10');
    await expect.poll(() => page.getByTestId('tag-dialog').count()).toBe(1);
    expect(await page.getByTestId('tag-dialog').getByRole('heading').textContent()).toBe('Tag #partner');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('tag-dialog').count()).toBe(0);
    expect(await focusedItem(page)).toBe('partner');
    await page.close();
  });
});
