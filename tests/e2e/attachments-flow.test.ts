import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { editorText, pageApi, repoRoot, withAppPerTest, type WebApp } from './harness.js';

// Issue 12, attachments in the editor and preview, in real Chromium against browser mode.

let app: WebApp;
let page: Page;
let pageErrors: string[];
let foreignRequests: string[];

type NoteJson = { id: string; title: string; body: string; version: number };
type AttachmentJson = { id: string; name: string; shownName: string; mediaType: string; missing: boolean };

withAppPerTest((s) => ({ app, page, pageErrors, foreignRequests } = s));

/** A valid one-page PDF (xref offsets computed), with a blue box and a line of text on its page. */
function tinyPdf(text: string): Buffer {
  const content = `0.12 0.37 0.62 rg 20 150 160 80 re f BT /F1 14 Tf 24 110 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 260] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Pastes a PNG drawn on a canvas into the editor as a clipboard file (as a screenshot paste does). */
async function pasteImage(width: number, height: number): Promise<void> {
  await page.getByLabel('Note body (markdown)').evaluate(
    async (el, [w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w!;
      canvas.height = h!;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#f4efe2';
      ctx.fillRect(0, 0, w!, h!);
      ctx.fillStyle = '#c8553d';
      ctx.fillRect(w! * 0.1, h! * 0.2, w! * 0.35, h! * 0.5);
      ctx.fillStyle = '#1f5f9f';
      ctx.beginPath();
      ctx.arc(w! * 0.7, h! * 0.45, h! * 0.25, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = '#1d232b';
      ctx.font = `${Math.round(h! / 9)}px sans-serif`;
      ctx.fillText('Whiteboard: seeker test set-up', w! * 0.08, h! * 0.9);
      const blob = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/png'));
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'image.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    },
    [width, height],
  );
}

const preview = () => page.getByTestId('preview');
const saved = () => expect.poll(() => page.getByTestId('save-state').textContent()).toBe('Saved');

async function openNote(title: string, body: string): Promise<NoteJson> {
  const note = await pageApi<NoteJson>(page, 'notes.create', { title, body, tags: ['partner/kaist'] });
  await page.reload();
  await page.getByTestId('note-row').filter({ hasText: title }).click();
  await expect.poll(() => page.getByLabel('Title').inputValue()).toBe(title);
  return note;
}

describe('attachments in the editor and preview', () => {
  it('pastes an image, attaches a PDF with a thumbnail, survives trash and restore, and exports working links', async () => {
    const note = await openNote('Seeker trial set-up', 'Photos from the range and the signed test report.\n');
    await page.getByLabel('Note body (markdown)').click();
    await page.keyboard.press('Control+End');

    // Paste: the file is stored first, then its markdown lands at the caret and the preview shows it.
    await pasteImage(640, 360);
    await expect
      .poll(() => editorText(page.getByLabel('Note body (markdown)')))
      .toMatch(/!\[[^\]]*\]\(attachments\/[0-9a-f]{16,}\/[^)]+\.png\)/);
    const img = preview().locator('img.attachment-image');
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(640);
    // sized to the column, full size on click
    const box = (await img.boundingBox())!;
    const column = (await preview().boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(column.width);
    await img.click();
    await expect.poll(() => page.getByTestId('lightbox').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('lightbox').count()).toBe(0);

    // Attach… picker with a PDF: a card with its first page and page count.
    await page.getByLabel('Note body (markdown)').click();
    await page.keyboard.press('Control+End');
    await page.getByTestId('attach-input').setInputFiles([
      {
        name: 'MoU signed – KAIST × Fraunhofer.pdf',
        mimeType: 'application/pdf',
        buffer: tinyPdf('Memorandum of Understanding'),
      },
      { name: 'trial-data.csv', mimeType: 'text/csv', buffer: Buffer.from('t,range_km\n0,0\n1,2.5\n') },
    ]);
    const card = preview().getByTestId('pdf-card');
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    const thumb = card.getByTestId('pdf-thumbnail');
    await expect
      .poll(() => thumb.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0), {
        timeout: 15_000,
      })
      .toBe(true);
    expect(await card.textContent()).toContain('MoU signed – KAIST × Fraunhofer.pdf');
    expect(await card.textContent()).toContain('1 page');
    // Any other file: a card with a badge, its size, Open and Save as.
    const other = preview().getByTestId('file-card');
    await expect.poll(() => other.textContent()).toContain('trial-data.csv');
    expect(await other.textContent()).toMatch(/CSV.*21 bytes/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      other.getByRole('button', { name: 'Save as…' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('trial-data.csv');
    // Open: a PDF opens in a new tab in browser mode (the app window stays where it is).
    const [tab] = await Promise.all([
      page.waitForEvent('popup'),
      card.getByRole('button', { name: 'Open' }).click(),
    ]);
    await tab.waitForLoadState();
    expect(tab.url()).toMatch(new RegExp(`^${app.origin}/files/[0-9a-f]{16,}/`));
    await tab.close();
    expect(page.url()).toContain(app.origin);
    await saved();

    const out = path.join(repoRoot, 'test-artifacts');
    await mkdir(out, { recursive: true });
    await page.screenshot({ path: path.join(out, 'note-with-attachments.png') });

    // The panel lists both; renaming the PDF's shown name rewrites the reference in the note.
    await page.getByRole('button', { name: /^Files/ }).click();
    const rows = page.getByTestId('attachment-row');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByRole('button', { name: 'Rename MoU signed – KAIST × Fraunhofer.pdf' }).click();
    await page.getByLabel('New name for MoU signed – KAIST × Fraunhofer.pdf').fill('MoU 2026.pdf');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await pageApi<NoteJson>(page, 'notes.get', { id: note.id })).body)
      .toContain('MoU 2026.pdf');
    await expect.poll(() => editorText(page.getByLabel('Note body (markdown)'))).toContain('MoU 2026.pdf');
    await expect.poll(() => card.textContent()).toContain('MoU 2026.pdf');

    // Delete the note, restore it from the trash: its files come back with it.
    await page.getByTestId('editor').getByRole('button', { name: 'Delete', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('note-row').filter({ hasText: 'Seeker trial set-up' }).count())
      .toBe(0);
    await page.getByRole('button', { name: 'Trash' }).click();
    await page.getByTestId('note-row').filter({ hasText: 'Seeker trial set-up' }).click();
    await page.getByTestId('trash-preview').getByRole('button', { name: 'Restore', exact: true }).click();
    await expect.poll(() => page.getByTestId('note-row').count()).toBe(0);
    await page.getByRole('button', { name: 'All notes' }).click();
    await page.getByTestId('note-row').filter({ hasText: 'Seeker trial set-up' }).click();
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(640);
    await expect
      .poll(() => card.getByTestId('pdf-thumbnail').evaluate((i: HTMLImageElement) => i.naturalWidth > 0))
      .toBe(true);
    const files = await pageApi<AttachmentJson[]>(page, 'attachments.list', { noteId: note.id });
    expect(files.map((f) => [f.mediaType, f.missing])).toEqual([
      ['image/png', false],
      ['application/pdf', false],
      [expect.stringMatching(/^text\//), false],
    ]);

    // Export: the files sit beside the note and its links point at them.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-e2e-attach-export-'));
    try {
      await pageApi(page, 'export.run', { scope: { kind: 'note', id: note.id }, dir });
      const mdFiles = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.md'));
      expect(mdFiles).toHaveLength(1);
      const mdPath = path.join(dir, mdFiles[0]!);
      const md = await readFile(mdPath, 'utf8');
      const links = [...md.matchAll(/\]\(([^)]+)\)/g)].map((m) =>
        decodeURIComponent(m[1]!.replace(/^<|>$/g, '')),
      );
      expect(links).toHaveLength(3);
      for (const link of links)
        expect((await stat(path.resolve(path.dirname(mdPath), link))).size).toBeGreaterThan(0);
      expect(links.some((l) => l.endsWith('MoU 2026.pdf'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('refuses a file over the limit with a clear message and inserts nothing; a dropped file lands at the drop point', async () => {
    await pageApi(page, 'settings.setAttachmentLimit', { bytes: 2048 });
    await openNote('Limits', 'Before.');
    await page.getByLabel('Note body (markdown)').click();
    await page.keyboard.press('Control+End');
    await pasteImage(400, 300); // a few KB
    await expect
      .poll(() => page.getByTestId('attach-error').textContent())
      .toMatch(/is \d+(\.\d)? KB; files of at most 2 KB can be attached/);
    expect(await editorText(page.getByLabel('Note body (markdown)'))).toBe('Before.');

    // Drop a small file onto the start of the text: it is attached there, on its own paragraph.
    const content = page.getByLabel('Note body (markdown)');
    const at = (await content.locator('.cm-line').first().boundingBox())!;
    await content.evaluate(
      (el, [x, y]) => {
        const dt = new DataTransfer();
        dt.items.add(new File(['range log\n'], 'range-log.txt', { type: 'text/plain' }));
        el.dispatchEvent(
          new DragEvent('drop', {
            dataTransfer: dt,
            clientX: x,
            clientY: y,
            bubbles: true,
            cancelable: true,
          }),
        );
      },
      [at.x + 1, at.y + at.height / 2],
    );
    await expect
      .poll(() => editorText(content))
      .toMatch(/^\[range-log\.txt\]\(attachments\/[0-9a-f]{16,}\/range-log\.txt\)\n\nBefore\.$/);
    await saved();
    await expect.poll(() => preview().getByTestId('file-card').textContent()).toContain('range-log.txt');
    expect(page.url()).toContain(app.origin);
    expect(pageErrors).toEqual([]);
  });
});
