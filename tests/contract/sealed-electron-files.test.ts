import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../electron/shell/open-app.js';
import {
  attachBytes,
  openablePath,
  removeOpenedCopies,
  serveAttachment,
} from '../../electron/shell/attachment-protocol.js';
import { APP_SCHEME } from '../../electron/shell/app-protocol.js';
import type { Attached } from '../../electron/contract/index.js';
import { makePng } from '../../bench/fixtures/files.js';
import { CANARIES, expectNoCanaries, filesUnder, protectedSealer } from './sealed-helpers.js';

// Electron's side of attachments (shell/attachment-protocol.ts, which main.ts wires to the app:// scheme
// and IPC) against a real core with a protected notebook: pasted bytes are stored sealed with no temp
// file, app://dossier/files/ serves plaintext, and "open" hands the system viewer a decrypted copy in the
// OS temp folder — never a file in the data folder — that goes at quit.

let dir: string;
let dataDir: string;
let app: OpenedApp;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-sealed-shell-'));
  dataDir = path.join(dir, 'data');
});
afterEach(async () => {
  await removeOpenedCopies();
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

const fileUrl = (id: string) => `${APP_SCHEME}://dossier/files/${id}/f`;

describe('Electron attachment protocol', () => {
  it('protected: pasted bytes stored sealed, served as plaintext, opened from a decrypted copy outside the data folder', async () => {
    app = await openApp(dataDir, 'electron', { sealer: protectedSealer() });
    const text = Buffer.from(`${CANARIES.join(' ')}\n`.repeat(40_000)); // ~1.6 MB: two pieces
    const r = await attachBytes(app.api, { name: 'notes.txt', bytes: new Uint8Array(text) });
    if (!r.ok) throw new Error(r.error.message);
    const att = (r.value as Attached).attachment;
    const res = (await serveAttachment(app.api, new Request(fileUrl(att.id))))!;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(text.length));
    expect(Buffer.from(await res.arrayBuffer()).equals(text)).toBe(true);
    const opened = (await openablePath(app.api, att.id))!;
    expect(opened.decryptedCopy).toBe(true);
    expect(path.relative(dataDir, opened.path).startsWith('..')).toBe(true);
    expect(path.basename(opened.path)).toBe('notes.txt');
    expect((await readFile(opened.path)).equals(text)).toBe(true);
    // Nothing readable under the data folder: no .open link, no .incoming file.
    await expectNoCanaries(await filesUnder(dataDir, (rel) => rel.startsWith('attachments')));
    expect(await filesUnder(dataDir, (rel) => rel.includes('.open') || rel.includes('.incoming'))).toEqual(
      [],
    );
    await removeOpenedCopies();
    await expect(readFile(opened.path)).rejects.toThrow();
  });

  it('plain: opens through a hard link in attachments/.open/ as before', async () => {
    app = await openApp(dataDir, 'electron');
    const png = makePng(4, 4, 1);
    const r = await attachBytes(app.api, { name: 'pasted.png', bytes: new Uint8Array(png) });
    if (!r.ok) throw new Error(r.error.message);
    const att = (r.value as Attached).attachment;
    const opened = (await openablePath(app.api, att.id))!;
    expect(opened.decryptedCopy).toBe(false);
    expect(opened.path).toMatch(/attachments[/\\]\.open[/\\][0-9a-f]{16}[/\\]pasted\.png$/);
    expect((await readFile(opened.path)).equals(png)).toBe(true);
    const res = (await serveAttachment(app.api, new Request(fileUrl(att.id))))!;
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    expect(await readdir(path.join(dataDir, 'attachments'))).not.toContain('.incoming');
  });
});
