import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openPage, withSharedApp, type WebApp } from './harness.js';
import { makePng } from '../../bench/fixtures/files.js';

// In real Chromium: the page loads attachments by plain /files/… URLs (the files cookie its token opened),
// the token never appears in a requested URL, and another browser profile without it gets nothing.

let app: WebApp;
let browser: Browser;

withSharedApp((s) => ({ app, browser } = s));

describe('attachments in the browser', () => {
  it('an <img> in the page loads an attachment; without the session the same URL is refused', async () => {
    const token = new URL(app.url).hash.replace('#token=', '');
    const png = makePng(37, 23, 5);
    const up = await fetch(`${app.origin}/files/upload?name=whiteboard.png`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: new Blob([new Uint8Array(png)]),
    });
    const { value } = (await up.json()) as { value: { attachment: { id: string } } };
    const src = `/files/${value.attachment.id}/whiteboard.png`;

    const { page, foreignRequests } = await openPage(browser, app);
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    const size = await page.evaluate(async (url) => {
      // The app opened the files session at start; give it a moment if the first call is still in flight.
      for (let i = 0; i < 20; i++) {
        const img = new Image();
        img.src = `${url}?try=${i}`;
        const ok = await new Promise<boolean>((r) => {
          img.onload = () => r(true);
          img.onerror = () => r(false);
        });
        if (ok) return [img.naturalWidth, img.naturalHeight];
        await new Promise((r) => setTimeout(r, 200));
      }
      return null;
    }, src);
    expect(size).toEqual([37, 23]);
    expect(urls.some((u) => u.includes(token))).toBe(false);
    expect(foreignRequests).toEqual([]);

    // A fresh profile (no cookie, no token) gets 401 for the same URL, also when opened as a page.
    const other = await browser.newContext();
    const stranger = await other.newPage();
    const res = await stranger.goto(`${app.origin}${src}`);
    expect(res?.status()).toBe(401);
    expect(await stranger.content()).not.toContain('PNG');
    await other.close();
  });
});
