import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { openApp, type OpenedApp } from '../../electron/shell/open-app.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';
import { blobPath } from '../../electron/store/blobs.js';
import { keySealer, type Sealer } from '../../electron/store/sealed/sealer.js';
import { makePdf } from '../../bench/fixtures/files.js';
import type { Attached } from '../../electron/contract/index.js';
import { CANARIES, expectNoCanaries, filesUnder, flipped } from './sealed-helpers.js';

// Attachments in a protected notebook, through the real core and the real browser-mode server on
// 127.0.0.1: stored sealed (dedupe by the plaintext's hash), served, extracted, exported, saved, backed up
// and restored as plaintext where the user asked for it, and nothing readable under the data folder.

const HOUR = 3_600_000;
let dir: string;
let dataDir: string;
let app: OpenedApp;
let server: WebServer | null = null;
let base: string;
let now = Date.parse('2026-03-02T09:00:00Z');
const clock = () => new Date(now);
let key: Buffer;
const sealer = (): Sealer => keySealer(Buffer.from(key), { requireSealed: true });

async function open(): Promise<void> {
  app = await openApp(dataDir, 'browser', { clock, sealer: sealer() });
  const rendererDir = path.join(dir, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Dossier</title>');
  server = await startWebServer({ api: app.api, rendererDir });
  base = `http://127.0.0.1:${server.port}`;
}
async function close(): Promise<void> {
  await server?.close();
  server = null;
  await app.close();
}

beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00Z');
  key = randomBytes(32);
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-sealed-files-'));
  dataDir = path.join(dir, 'data');
  await open();
});
afterEach(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});

const auth = () => ({ Authorization: `Bearer ${server!.token}` });

async function upload(name: string, bytes: Uint8Array): Promise<Attached> {
  const res = await fetch(`${base}/files/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: auth(),
    body: new Blob([new Uint8Array(bytes)]),
  });
  const json = (await res.json()) as { ok: boolean; value: Attached; error?: unknown };
  expect(res.status, JSON.stringify(json.error)).toBe(200);
  return json.value;
}

const get = (id: string) => fetch(`${base}/files/${id}/f`, { headers: auth() });
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A text file bigger than a few segments and a PDF, both carrying the canaries. */
function files(): { text: Buffer; pdf: Buffer } {
  const line = `Trial log ${CANARIES.join(' ')} — range and bearing.\n`;
  return {
    text: Buffer.from(line.repeat(Math.ceil((300 * 1024) / line.length))),
    pdf: makePdf([[`Sensor report ${CANARIES[0]}`], [`Annex ${CANARIES[1]}`]]),
  };
}

describe('attachments in a protected notebook', () => {
  it('stores sealed, serves, extracts and finds plaintext, and keeps nothing readable under attachments/', async () => {
    const { text, pdf } = files();
    const src = path.join(dir, `log ${CANARIES[2]}.txt`);
    await writeFile(src, text);
    const a = await app.core.attach(src);
    const p = await upload('report.pdf', pdf);
    // Named by the plaintext's hash, and the same content is stored once (also from the other way in).
    expect(a.attachment.hash).toBe(sha256(text));
    expect(p.attachment).toMatchObject({ hash: sha256(pdf), mediaType: 'application/pdf', size: pdf.length });
    expect(a.attachment).toMatchObject({ mediaType: 'text/plain', size: text.length });
    expect((await upload('again.txt', text)).created).toBe(false);
    // Served whole over HTTP (several pieces for the text), and HEAD tells the size.
    const served = await get(a.attachment.id);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(text)).toBe(true);
    expect(Buffer.from(await (await get(p.attachment.id)).arrayBuffer()).equals(pdf)).toBe(true);
    const head = await fetch(`${base}/files/${a.attachment.id}/f`, { method: 'HEAD', headers: auth() });
    expect(head.headers.get('content-length')).toBe(String(text.length));
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    // A byte range across segment and piece boundaries (a video seeking), decrypted from the middle.
    const ranged = await fetch(`${base}/files/${a.attachment.id}/f`, {
      headers: { ...auth(), Range: 'bytes=65000-200000' },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 65000-200000/${text.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(text.subarray(65000, 200001))).toBe(true);
    const past = await fetch(`${base}/files/${a.attachment.id}/f`, {
      headers: { ...auth(), Range: `bytes=${text.length}-` },
    });
    expect(past.status).toBe(416);
    // Text extraction worked on the plaintext (the PDF worker got real PDF bytes).
    await app.core.attachmentsIdle();
    expect(app.core.attachmentText(p.attachment.id)).toMatchObject({ status: 'done', pages: 2 });
    expect(app.core.attachmentText(p.attachment.id).preview).toContain(CANARIES[0]);
    expect(app.core.attachmentText(a.attachment.id).preview).toContain(CANARIES[1]);
    await app.core.createNote({ title: 'Files', body: `${a.markdown}\n${p.markdown}` });
    const found = app.core.listNotes({ text: `in:files ${CANARIES[1].toLowerCase()}` });
    expect(found.total).toBe(1);
    // Nothing readable on disk: blobs, the extracted-text cache, no upload left in .incoming.
    const stored = await filesUnder(path.join(dataDir, 'attachments'));
    expect(stored.some((f) => f.includes(`${path.sep}.text${path.sep}`))).toBe(true);
    expect(stored.filter((f) => f.includes('.incoming') || f.includes(`${path.sep}.tmp${path.sep}`))).toEqual(
      [],
    );
    await expectNoCanaries(stored);
  });

  it('reads the text cache back after reopening, and extracts again when it was tampered with', async () => {
    const { pdf } = files();
    const p = await upload('report.pdf', pdf);
    await app.core.attachmentsIdle();
    const cache = (await filesUnder(path.join(dataDir, 'attachments', '.text')))[0]!;
    await close();
    await open();
    await app.core.attachmentsIdle();
    expect(app.core.attachmentText(p.attachment.id).status).toBe('done');
    expect(app.core.fileText.stats.files).toBe(0); // from the cache
    await close();
    await writeFile(cache, flipped(await readFile(cache)));
    await open();
    await app.core.attachmentsIdle();
    expect(app.core.attachmentText(p.attachment.id).preview).toContain(CANARIES[0]);
    expect(app.core.fileText.stats.files).toBe(1); // extracted again, and sealed again
    await expectNoCanaries([cache]);
  });

  it('writes plaintext where the user asked: save as, export to a folder, the zip download', async () => {
    const { text, pdf } = files();
    const a = await upload('log.txt', text);
    const p = await upload('report.pdf', pdf);
    await app.core.createNote({ title: 'Files', body: `${a.markdown}\n${p.markdown}` });
    const saved = path.join(dir, 'saved.pdf');
    await app.core.saveAttachmentAs(p.attachment.id, saved);
    expect((await readFile(saved)).equals(pdf)).toBe(true);
    const out = path.join(dir, 'export');
    const report = await app.core.exportMarkdown({ kind: 'all' }, out);
    expect(report.attachments).toBe(2);
    const exported = await filesUnder(out, (rel) => rel.includes('_attachments'));
    const bytes = await Promise.all(exported.map((f) => readFile(f)));
    expect(bytes.some((b) => b.equals(text))).toBe(true);
    expect(bytes.some((b) => b.equals(pdf))).toBe(true);
    const zip = unzipSync((await app.core.exportArchive({ kind: 'all' }, {})).bytes);
    const inZip = Object.entries(zip).filter(([name]) => name.includes('_attachments'));
    expect(inZip.some(([, b]) => Buffer.from(b).equals(pdf))).toBe(true);
  });

  it('an upload over the limit without a declared length is refused while it streams, keeping nothing', async () => {
    await app.core.setAttachmentLimit(64 * 1024);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new Uint8Array(16 * 1024).fill(65));
        c.close();
      },
    });
    const res = await fetch(`${base}/files/upload?name=big.txt`, {
      method: 'POST',
      headers: auth(),
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(Object.keys(app.core.store.get().attachments)).toEqual([]);
    expect(await filesUnder(path.join(dataDir, 'attachments'))).toEqual([]);
  });

  it('import brings files along sealed, from a folder and from a zip (no plaintext temp file)', async () => {
    const { text, pdf } = files();
    const vault = path.join(dir, 'vault');
    await mkdir(path.join(vault, 'files'), { recursive: true });
    await writeFile(path.join(vault, 'files', 'report.pdf'), pdf);
    await writeFile(path.join(vault, 'Trial.md'), '# Trial\n\n![[report.pdf]]\n');
    const zipFile = path.join(dir, 'notes.zip');
    await writeFile(
      zipFile,
      zipSync({ 'Zipped.md': strToU8('# Zipped\n\n[log](log.txt)\n'), 'log.txt': new Uint8Array(text) }),
    );
    expect((await app.core.runImport(vault)).added).toBe(1);
    expect((await app.core.runImport(zipFile)).added).toBe(1);
    const atts = Object.values(app.core.store.get().attachments);
    expect(atts.map((a) => a.hash).sort()).toEqual([sha256(pdf), sha256(text)].sort());
    for (const a of atts) {
      const served = Buffer.from(await (await get(a.id)).arrayBuffer());
      expect(served.equals(a.hash === sha256(pdf) ? pdf : text)).toBe(true);
    }
    await expectNoCanaries(await filesUnder(path.join(dataDir, 'attachments')));
  });

  it('backups link the sealed files as they are, and a restore brings a purged file back', async () => {
    const { pdf } = files();
    const p = await upload('report.pdf', pdf);
    const note = await app.core.createNote({ title: 'With report', body: p.markdown });
    // The store's own daily backup (made on the first save of the day, with the store's sealer).
    await close();
    await open();
    const backup = (await app.core.listBackups()).find((x) => x.name.includes('daily'))!;
    expect(backup).toBeDefined();
    const pooled = path.join(
      dataDir,
      'backups',
      'attachments',
      p.attachment.hash.slice(0, 2),
      p.attachment.hash,
    );
    expect((await stat(pooled)).ino).toBe((await stat(blobPath(dataDir, p.attachment.hash))).ino);
    await app.core.deleteNote(note.id);
    await app.core.emptyTrash();
    now += 2 * HOUR;
    await close();
    await open();
    await app.core.attachmentsIdle();
    await expect(stat(blobPath(dataDir, p.attachment.hash))).rejects.toThrow();
    await app.core.restoreBackup(backup.name);
    expect(Buffer.from(await (await get(p.attachment.id)).arrayBuffer()).equals(pdf)).toBe(true);
    await expectNoCanaries(await filesUnder(path.join(dataDir, 'backups', 'attachments')));
  });

  it('a tampered file is a clear DATA_TAMPERED: 500 with the error, never garbage; a missing one 404', async () => {
    const { text: part } = files();
    const text = Buffer.concat(Array.from({ length: 8 }, () => part)); // 2.4 MB: served in three pieces
    const a = await upload('log.txt', text);
    const file = blobPath(dataDir, a.attachment.hash);
    const good = await readFile(file);
    await writeFile(file, flipped(good, 100));
    const res = await get(a.attachment.id);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('DATA_TAMPERED');
    await expect(app.core.saveAttachmentAs(a.attachment.id, path.join(dir, 'x.txt'))).rejects.toMatchObject({
      code: 'DATA_TAMPERED',
    });
    expect(await readdir(dir)).not.toContain('x.txt'); // nothing half-written left behind
    // Damage past the first piece: the answer is cut short, the client sees a failed transfer.
    await writeFile(file, flipped(good, good.length - 100));
    const late = await get(a.attachment.id);
    expect(late.status).toBe(200);
    await expect(late.arrayBuffer()).rejects.toThrow();
    await unlink(file);
    expect((await get(a.attachment.id)).status).toBe(404);
  });
});
