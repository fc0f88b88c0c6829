import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../shell/open-app.js';
import { COALESCE_MS } from './revisions.js';

// History keeps restore points through long editing sessions and before bulk changes (issue 10),
// with an injected clock against the real core and files.

let dir: string;
let app: OpenedApp;
let now = Date.parse('2026-03-02T09:00:00Z');
const clock = () => new Date(now);

beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00Z');
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-history-'));
  app = await openApp(path.join(dir, 'data'), 'browser', { clock });
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('revision history', () => {
  it('an hour of continuous typing leaves a restore point at least every five minutes', async () => {
    const n = await app.core.createNote({ title: 'Trial log', body: '' });
    let body = '';
    const start = now;
    // A save every 20 s for an hour, as autosave does while someone keeps typing.
    for (let i = 0; i < 180; i++) {
      now += 20_000;
      body += `line ${i}\n`;
      await app.core.updateNote({ id: n.id, body });
    }
    const revs = await app.core.listRevisions(n.id);
    expect(revs.length).toBeGreaterThanOrEqual(12);
    expect(revs.length).toBeLessThanOrEqual(14);
    const times = [start, ...revs.map((r) => Date.parse(r.savedAt)), now];
    for (let i = 1; i < times.length; i++)
      expect(times[i]! - times[i - 1]!).toBeLessThanOrEqual(COALESCE_MS + 20_000);
  });

  it('records the prior version of every note a tag rename, an import undo or a backup restore changes', async () => {
    const a = await app.core.createNote({ title: 'A', body: 'a', tags: ['partner/onera'] });
    const b = await app.core.createNote({ title: 'B', body: 'b', tags: ['partner/onera'] });
    // Typing just now: the coalescing window would skip the next revision, a bulk change must not.
    now += 1000;
    await app.core.updateNote({ id: a.id, body: 'a typed' });
    now += 1000;
    await app.core.renameTag('partner/onera', 'onera-dtis');
    await app.core.historyIdle();
    const revsA = await app.core.listRevisions(a.id);
    expect(revsA.at(-1)).toMatchObject({ body: 'a typed', tags: ['partner/onera'] });
    expect((await app.core.listRevisions(b.id)).at(-1)).toMatchObject({ tags: ['partner/onera'] });

    now += 1000;
    await app.core.runUndo();
    await app.core.historyIdle();
    expect((await app.core.listRevisions(a.id)).at(-1)).toMatchObject({ tags: ['onera-dtis'] });

    const src = path.join(dir, 'src');
    await mkdir(src);
    await writeFile(path.join(src, 'x.md'), '---\ntitle: X\n---\nimported');
    await app.core.runImport(src);
    const x = app.core.listNotes({}).items.find((i) => i.title === 'X')!;
    await app.core.updateNote({ id: x.id, body: 'imported, then edited' });
    await app.core.runUndo({ confirm: true });
    await app.core.historyIdle();
    expect((await app.core.listRevisions(x.id)).at(-1)).toMatchObject({ body: 'imported, then edited' });
  });

  it('restoring a revision does not stop later revisions from being kept', async () => {
    const n = await app.core.createNote({ title: 'T', body: 'v1' });
    now += COALESCE_MS + 1;
    await app.core.updateNote({ id: n.id, body: 'v2' });
    await app.core.restoreRevision(n.id, 1);
    now += COALESCE_MS + 1;
    await app.core.updateNote({ id: n.id, body: 'v3' });
    now += COALESCE_MS + 1;
    await app.core.updateNote({ id: n.id, body: 'v4' });
    const bodies = (await app.core.listRevisions(n.id)).map((r) => r.body);
    expect(bodies).toEqual(['v1', 'v2', 'v1', 'v3']);
  });
});
