import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useContractServer } from './harness.js';
import type { ChangesSince, NoteSaved, NoteView, UndoPeek } from '../../electron/contract/index.js';

// Issue 10 over the real browser-mode server: versions on notes, stale saves merged, the change feed,
// and undo that says what it will do before it runs.

const web = useContractServer({ prefix: 'dossier-sync-' });
const { call, value } = web;

describe('versions, merge and the change feed over HTTP', () => {
  it('two tabs: a stale save is merged, the feed names the note, and a bad baseVersion is refused', async () => {
    const start = await value<ChangesSince>('store.changes', { since: 0 });
    expect(start.reset).toBe(true);
    const created = await value<NoteView>('notes.create', {
      title: 'Minutes',
      body: 'a\nb\nc',
      tags: ['partner/onera'],
    });
    expect(typeof created.version).toBe('number');

    const feed = await value<ChangesSince>('store.changes', { since: start.version });
    expect(feed).toMatchObject({ noteIds: [created.id], reset: false });
    expect(feed.version).toBeGreaterThan(start.version);

    // Tab 1 renames the tag; tab 2 still holds the old version and saves a typed line with the old tags.
    expect((await call('tags.rename', { from: 'partner/onera', to: 'onera-dtis' })).ok).toBe(true);
    const after = await value<ChangesSince>('store.changes', { since: feed.version });
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
    const src = path.join(web.dir, 'import-src');
    await mkdir(src, { recursive: true });
    await writeFile(path.join(src, 'n.md'), '---\ntitle: Imported minutes\n---\nfrom the partner');
    const imported = await value<{ undoId: number; added: number }>('import.run', { source: src });
    expect(imported.added).toBe(1);
    const list = await value<{ items: { id: string; title: string }[] }>('notes.list', { filter: {} });
    const id = list.items.find((i) => i.title === 'Imported minutes')!.id;
    await call('notes.update', { id, body: 'from the partner\nand my own notes' });

    const peek = await value<UndoPeek>('undo.peek', {});
    expect(peek).toMatchObject({ id: imported.undoId, needsConfirm: true, label: 'Import 1 note' });
    expect(peek.conflicts.join(' ')).toMatch(/edited since/);

    const refused = await call('undo.run', { id: imported.undoId });
    expect(refused.status).toBe(409);
    expect(refused.error?.details).toMatchObject({ needsConfirm: true });
    expect((await call('undo.run', { id: imported.undoId + 1, confirm: true })).error?.details).toMatchObject(
      {
        superseded: true,
      },
    );
    const done = await call<{ id: number; label: string }>('undo.run', {
      id: imported.undoId,
      confirm: true,
    });
    expect(done.value).toMatchObject({ id: imported.undoId, label: 'Import 1 note' });
    const trashed = await value<{ items: { id: string }[] }>('notes.list', { filter: { trash: true } });
    expect(trashed.items.map((i) => i.id)).toContain(id);
  });
});
