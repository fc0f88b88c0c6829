import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../shell/open-app.js';
import { makePdf, makePng } from '../../../bench/fixtures/files.js';
import { blobPath } from '../../store/blobs.js';
import { STORE_FILE } from '../../store/open-store.js';

// Attachment storage against a real store and real files in a temp dir.

let dir: string;
let app: OpenedApp;
let files: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-att-'));
  files = path.join(dir, 'in');
  await import('node:fs/promises').then((fs) => fs.mkdir(files));
  app = await openApp(path.join(dir, 'data'), 'browser');
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const p = path.join(files, name);
  await writeFile(p, bytes);
  return p;
}

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

describe('attachment storage', () => {
  it('stores a file by content hash outside dossier.json, once however often it is added', async () => {
    const png = makePng(20, 10, 1);
    const a = await app.core.attach(await file('whiteboard.png', png));
    const b = await app.core.attach(await file('copy of whiteboard.png', png));
    expect(a.attachment.hash).toBe(sha(png));
    expect(a.attachment.id).toBe(sha(png).slice(0, 16));
    expect(b.attachment.id).toBe(a.attachment.id);
    expect(b.created).toBe(false);
    expect(a.attachment).toMatchObject({ name: 'whiteboard.png', mediaType: 'image/png', size: png.length });
    expect(a.markdown).toBe(`![whiteboard](attachments/${a.attachment.id}/whiteboard.png)`);
    // The second add keeps its own name in the markdown it returns.
    expect(b.markdown).toBe(
      `![copy of whiteboard](attachments/${a.attachment.id}/copy%20of%20whiteboard.png)`,
    );
    const stored = blobPath(path.join(dir, 'data'), a.attachment.hash);
    expect(await readFile(stored)).toEqual(png);
    const shard = await readdir(path.dirname(stored));
    expect(shard).toEqual([a.attachment.hash]);
    await app.core.store.flush();
    const json = await readFile(path.join(dir, 'data', STORE_FILE), 'utf8');
    expect(json.length).toBeLessThan(2000);
    expect(json).toContain(a.attachment.hash);
  });

  it('sniffs the media type from the content, not the name', async () => {
    const pdfNamedPng = await app.core.attach(await file('scan.png', makePdf([['MoU signed']])));
    expect(pdfNamedPng.attachment.mediaType).toBe('application/pdf');
    expect(pdfNamedPng.markdown.startsWith('[scan.png](')).toBe(true);
    const text = await app.core.attach(await file('trial.csv', 'run,range\n1,42\n'));
    expect(text.attachment.mediaType).toBe('text/csv');
    const binaryNamedCsv = await app.core.attach(
      await file('data.csv', new Uint8Array([0, 1, 2, 250, 0, 7])),
    );
    expect(binaryNamedCsv.attachment.mediaType).toBe('application/octet-stream');
    const korean = await app.core.attach(await file('회의록 2026.txt', '회의 내용: 레이더'));
    expect(korean.attachment).toMatchObject({ name: '회의록 2026.txt', mediaType: 'text/plain' });
  });

  it('refuses a file over the limit with a clear message and stores nothing', async () => {
    await app.core.setAttachmentLimit(1024);
    const big = await file('trial-video.mp4', new Uint8Array(5000));
    await expect(app.core.attach(big)).rejects.toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringMatching(/trial-video\.mp4.*5 KB.*at most 1 KB/),
    });
    expect(Object.keys(app.core.store.get().attachments)).toEqual([]);
    expect(await app.core.attachments.blobs.list()).toEqual([]);
  });

  it('respects the store budget: a record that would not fit is refused and no note can reference it', async () => {
    await app.close();
    process.env.DOSSIER_STORE_BUDGET_BYTES = '250';
    try {
      app = await openApp(path.join(dir, 'data2'), 'browser');
      await expect(app.core.attach(await file('photo.png', makePng(3, 3, 9)))).rejects.toMatchObject({
        code: 'STORE_FULL',
      });
      expect(app.core.store.get().attachments).toEqual({});
    } finally {
      delete process.env.DOSSIER_STORE_BUDGET_BYTES;
    }
  });

  it('writes the file durably before the record is saved, and the record before attach resolves', async () => {
    const png = makePng(8, 8, 2);
    const order: string[] = [];
    const store = app.core.store;
    const commit = store.commit.bind(store);
    store.commit = async (next, changes) => {
      const att = Object.values(next.attachments)[0];
      if (att)
        order.push(
          `commit (file there: ${Boolean(await stat(blobPath(store.dataDir, att.hash)).catch(() => null))})`,
        );
      return commit(next, changes);
    };
    const r = await app.core.attach(await file('a.png', png));
    order.push('resolved');
    expect(order).toEqual(['commit (file there: true)', 'resolved']);
    await app.close();
    app = await openApp(path.join(dir, 'data'), 'browser');
    expect(app.core.store.get().attachments[r.attachment.id]?.hash).toBe(sha(png));
  });

  it('lists, renames and removes a note’s attachments through its body', async () => {
    const img = await app.core.attach(await file('setup.png', makePng(4, 4, 3)));
    const pdf = await app.core.attach(await file('MoU (signed).pdf', makePdf([['Memorandum']])));
    const note = await app.core.createNote({
      title: 'Trial',
      body: `Before\n\n${img.markdown}\n\n${pdf.markdown}\n`,
    });
    const list = await app.core.listAttachments(note.id);
    expect(list.map((a) => [a.shownName, a.mediaType, a.missing])).toEqual([
      ['setup.png', 'image/png', false],
      ['MoU (signed).pdf', 'application/pdf', false],
    ]);
    expect(pdf.markdown).toBe(`[MoU (signed).pdf](attachments/${pdf.attachment.id}/MoU%20%28signed%29.pdf)`);
    const renamed = await app.core.renameAttachment(note.id, pdf.attachment.id, 'MoU final.pdf');
    expect(renamed.body).toContain(`[MoU final.pdf](attachments/${pdf.attachment.id}/MoU%20final.pdf)`);
    const removed = await app.core.removeAttachment(note.id, img.attachment.id);
    expect(removed.body).not.toContain(img.attachment.id);
    expect((await app.core.listAttachments(note.id)).map((a) => a.shownName)).toEqual(['MoU final.pdf']);
    const out = path.join(dir, 'saved.pdf');
    await app.core.saveAttachmentAs(pdf.attachment.id, out);
    expect(sha(await readFile(out))).toBe(pdf.attachment.hash);
    await expect(app.core.saveAttachmentAs(pdf.attachment.id, out)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});
