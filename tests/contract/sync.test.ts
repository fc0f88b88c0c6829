import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../electron/shell/open-app.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';
import type { ChangesSince, NoteSaved, NoteView, UndoPeek } from '../../electron/contract.js';

// Issue 10 over the real browser-mode server: versions on notes, stale saves merged, the change feed,
// and undo that says what it will do before it runs.

let dir: string;
let app: OpenedApp;
let server: WebServer;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-sync-'));
  const rendererDir = path.join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Dossier</title>');
  app = await openApp(path.join(dir, 'data'), 'browser');
  server = await startWebServer({ api: app.api, rendererDir });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function call<T>(
  name: string,
  body: unknown,
): Promise<{
  status: number;
  ok: boolean;
  value: T;
  error?: { code: string; message: string; details?: Record<string, unknown> };
}> {
  const res = await fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { ok: boolean; value: T; error?: { code: string; message: string } };
  return { status: res.status, ...json };
}

describe('versions, merge and the change feed over HTTP', () => {
  it('two tabs: a stale save is merged, the feed names the note, and a bad baseVersion is refused', async () => {
    const start = (await call<ChangesSince>('store.changes', { since: 0 })).value;
    expect(start.reset).toBe(true);
    const created = (
      await call<NoteView>('notes.create', { title: 'Minutes', body: 'a\nb\nc', tags: ['partner/onera'] })
    ).value;
    expect(typeof created.version).toBe('number');

    const feed = (await call<ChangesSince>('store.changes', { since: start.version })).value;
    expect(feed).toMatchObject({ noteIds: [created.id], reset: false });
    expect(feed.version).toBeGreaterThan(start.version);

    // Tab 1 renames the tag; tab 2 still holds the old version and saves a typed line with the old tags.
    expect((await call('tags.rename', { from: 'partner/onera', to: 'onera-dtis' })).ok).toBe(true);
    const after = (await call<ChangesSince>('store.changes', { since: feed.version })).value;
    expect(after.noteIds).toEqual([created.id]);
    const saved = await call<NoteSaved>('notes.update', {
      id: created.id,
      body: 'a\nb\nc\ntyped in tab 2',
      tags: ['partner/onera'],
      baseVersion: created.version,
    });
    expect(saved.value).toMatchObject({
      body: 'a\nb\nc\ntyped in tab 2',
      tags: ['onera-dtis'],
      merge: { conflict: false },
    });

    const bad = await call('notes.update', { id: created.id, body: 'x', baseVersion: 'old' });
    expect(bad.status).toBe(400);
    expect(bad.error?.message).toMatch(/baseVersion/);
    const badSince = await call('store.changes', { since: -1 });
    expect(badSince.status).toBe(400);
  });

  it('undo.peek says what an import undo would do; undo.run needs confirm, and refuses a superseded id', async () => {
    const src = path.join(dir, 'import-src');
    await mkdir(src, { recursive: true });
    await writeFile(path.join(src, 'n.md'), '---\ntitle: Imported minutes\n---\nfrom the partner');
    const imported = await call<{ undoId: number; added: number }>('import.run', { source: src });
    expect(imported.value.added).toBe(1);
    const list = await call<{ items: { id: string; title: string }[] }>('notes.list', { filter: {} });
    const id = list.value.items.find((i) => i.title === 'Imported minutes')!.id;
    await call('notes.update', { id, body: 'from the partner\nand my own notes' });

    const peek = (await call<UndoPeek>('undo.peek', {})).value;
    expect(peek).toMatchObject({ id: imported.value.undoId, needsConfirm: true, label: 'Import 1 note' });
    expect(peek.conflicts.join(' ')).toMatch(/edited since/);

    const refused = await call('undo.run', { id: imported.value.undoId });
    expect(refused.status).toBe(409);
    expect(refused.error?.details).toMatchObject({ needsConfirm: true });
    expect(
      (await call('undo.run', { id: imported.value.undoId + 1, confirm: true })).error?.details,
    ).toMatchObject({
      superseded: true,
    });
    const done = await call<{ id: number; label: string }>('undo.run', {
      id: imported.value.undoId,
      confirm: true,
    });
    expect(done.value).toMatchObject({ id: imported.value.undoId, label: 'Import 1 note' });
    const trashed = await call<{ items: { id: string }[] }>('notes.list', { filter: { trash: true } });
    expect(trashed.value.items.map((i) => i.id)).toContain(id);
  });
});
