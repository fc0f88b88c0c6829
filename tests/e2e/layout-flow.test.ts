import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import path from 'node:path';
import { openPage, repoRoot, withSharedApp, type WebApp } from './harness.js';

// Issue 10, desktop layout in Chromium: resizable, collapsible panes remembered across reloads; the editor
// keeps at least half the window at 900×700; focus mode shows only the editor. Boxes are measured.

let browser: Browser;
let app: WebApp;
withSharedApp((s) => ({ app, browser } = s));

type Box = { x: number; width: number };
async function box(page: Page, testId: string): Promise<Box | null> {
  const b = await page.getByTestId(testId).boundingBox();
  return b && b.width > 0 ? { x: Math.round(b.x), width: Math.round(b.width) } : null;
}
const widths = async (page: Page) => ({
  sidebar: (await page.locator('.sidebar').boundingBox())?.width ?? 0,
  list: (await page.locator('.list-pane').boundingBox())?.width ?? 0,
  editor: (await box(page, 'editor-pane'))?.width ?? 0,
});

async function withSample(page: Page): Promise<void> {
  const load = page.getByRole('button', { name: 'Load sample data' });
  // Either the welcome screen (fresh data dir) or the list, whichever the app shows.
  await page.getByTestId('note-row').first().or(load).waitFor();
  if (await load.isVisible()) await load.click();
  await expect.poll(() => page.getByTestId('note-row').count()).toBeGreaterThan(0);
}

describe('desktop layout', () => {
  it('at 900×700 the editor keeps at least half the width; at 1600×1000 all three panes show', async () => {
    const { page, pageErrors } = await openPage(browser, app);
    await withSample(page);
    for (const [w, h] of [
      [900, 700],
      [1600, 1000],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.getByTestId('note-row').first().click();
      await expect.poll(async () => (await widths(page)).editor).toBeGreaterThanOrEqual(w / 2);
      const m = await widths(page);
      expect(m.sidebar, `sidebar at ${w}`).toBeGreaterThanOrEqual(150);
      expect(m.list, `list at ${w}`).toBeGreaterThanOrEqual(220);
      expect(m.sidebar + m.list + m.editor).toBeLessThanOrEqual(w);
      // Nothing spills out sideways.
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scroll).toBeLessThanOrEqual(w);
      await page.screenshot({ path: path.join(repoRoot, 'test-artifacts', `layout-${w}x${h}.png`) });
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('resizes panes by keyboard and by dragging, collapses them, and remembers it after a reload', async () => {
    const { page } = await openPage(browser, app);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await withSample(page);
    const before = await widths(page);

    // Keyboard: the handle is a focusable separator; → widens by 16 px, Shift+→ by 64.
    const handle = page.getByRole('separator', { name: 'Resize sidebar' });
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await widths(page)).sidebar).toBe(before.sidebar + 80);
    expect(await handle.getAttribute('aria-valuenow')).toBe(String(before.sidebar + 80));

    // Pointer: drag the list's handle 100 px to the left.
    const lh = (await page.getByTestId('list-splitter').boundingBox())!;
    await page.mouse.move(lh.x + 3, lh.y + 200);
    await page.mouse.down();
    await page.mouse.move(lh.x - 50, lh.y + 200, { steps: 4 });
    await page.mouse.move(lh.x - 97, lh.y + 200, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await widths(page)).list).toBe(before.list - 100);

    // Collapse the list with Enter on its handle, the sidebar with the toolbar button.
    await page.getByTestId('list-splitter').focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await widths(page)).list).toBe(0);
    await page.getByRole('button', { name: 'Hide sidebar' }).click();
    await expect.poll(async () => (await widths(page)).sidebar).toBe(0);
    expect((await widths(page)).editor).toBeGreaterThan(1500);

    // Remembered across a reload.
    await page.reload();
    await expect.poll(async () => (await widths(page)).sidebar).toBe(0);
    expect((await widths(page)).list).toBe(0);
    await page.getByRole('button', { name: 'Show sidebar' }).click();
    await page.keyboard.press('Control+Shift+Backslash');
    await expect.poll(async () => (await widths(page)).sidebar).toBe(before.sidebar + 80);
    await expect.poll(async () => (await widths(page)).list).toBe(before.list - 100);
    await page.evaluate(() => localStorage.removeItem('dossier-layout'));
    await page.close();
  });

  it('focus mode shows only the editor, by shortcut and by command, and Esc leaves it', async () => {
    const { page } = await openPage(browser, app);
    await page.setViewportSize({ width: 1280, height: 800 });
    await withSample(page);
    await page.getByTestId('note-row').first().click();
    await page.getByLabel('Note body (markdown)').click();
    await page.keyboard.press('Control+Shift+Enter');
    await expect.poll(async () => (await widths(page)).sidebar).toBe(0);
    const m = await widths(page);
    expect(m.list).toBe(0);
    expect(m.editor).toBe(1280);
    expect(await page.locator('.toolbar').count()).toBe(0);
    // Typing still goes to the editor.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Note body (markdown)');
    await page.keyboard.press('Control+Shift+Enter');
    await expect.poll(async () => (await widths(page)).sidebar).toBeGreaterThan(0);

    // From the palette; Esc (outside text fields) leaves it.
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Command or note title' }).fill('focus mode');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await widths(page)).list).toBe(0);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await widths(page)).list).toBeGreaterThan(0);
    await page.close();
  });
});
