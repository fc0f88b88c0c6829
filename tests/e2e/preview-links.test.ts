import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openPage, withSharedApp, type WebApp } from './harness.js';

// Links in the preview never leave the app: a middle-click (auxclick) or a modified click behaves like
// a plain click — no new tab, no navigation, no request to the linked site.

let app: WebApp;
let browser: Browser;
let page: Page;
let foreignRequests: string[];

withSharedApp(async (s) => {
  ({ app, browser } = s);
  ({ page, foreignRequests } = await openPage(browser, app));
});

describe('links in the markdown preview', () => {
  it('open nothing on a middle-click, a ctrl/shift-click or a plain click', async () => {
    await page.getByRole('button', { name: '+ New note' }).click();
    await expect.poll(() => page.getByLabel('Title').inputValue()).toBe('');
    await page.getByLabel('Title').fill('Links');
    await page
      .getByLabel('Note body (markdown)')
      .fill('See [the paper](https://example.org/paper) for details.');
    const link = page.getByTestId('preview').getByRole('link', { name: 'the paper' });
    await expect.poll(() => link.count()).toBe(1);
    const pagesBefore = browser.contexts().flatMap((c) => c.pages()).length;
    const urlBefore = page.url();

    await link.click({ button: 'middle' });
    await link.click({ modifiers: ['Control'] });
    await link.click({ modifiers: ['Shift'] });
    await link.click();
    await page.waitForTimeout(500);

    expect(browser.contexts().flatMap((c) => c.pages()).length).toBe(pagesBefore);
    expect(page.url()).toBe(urlBefore);
    expect(foreignRequests.filter((u) => u.includes('example.org'))).toEqual([]);
  });
});
