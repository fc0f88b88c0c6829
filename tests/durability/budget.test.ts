import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChunkedMap } from '../../electron/domain/chunked-map.js';
import fc from 'fast-check';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { emptyStoreData, type Note, type StoreData } from '../../electron/domain/model.js';
import { writeStoreDurably } from '../../electron/store/chunked-writer.js';
import { storeBytes } from '../../electron/store/budget.js';
import { STORE_FILE } from '../../electron/store/open-store.js';
import { openApp, type OpenedApp } from '../../electron/shell/open-app.js';
import { startWebServer } from '../../electron/web/server.js';

// The store budget: a real store in a temp dir, the budget lowered through DOSSIER_STORE_BUDGET_BYTES
// so the tests write kilobytes, not hundreds of megabytes.

let dir: string;
let app: OpenedApp | null = null;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-budget-'));
});
afterEach(async () => {
  await app?.close();
  app = null;
  delete process.env.DOSSIER_STORE_BUDGET_BYTES;
  await rm(dir, { recursive: true, force: true });
});

const data = () => path.join(dir, 'data');
const note = (id: string, body: string): Note => ({
  id,
  topicId: null,
  title: `Note ${id}`,
  body,
  tags: ['budget'],
  pinned: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** Everything on disk in the data dir (dossier.json, journal), to prove a refusal wrote nothing. */
async function diskState(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(data())) {
    if (name.startsWith('dossier.') && name !== 'dossier.lock')
      out[name] = (await readFile(path.join(data(), name))).toString('base64');
  }
  return out;
}

describe('store size budget', () => {
  it('measures the store exactly as the writer writes it (fast-check)', async () => {
    const noteArb = fc.record({
      id: fc.string({ minLength: 1, maxLength: 10 }),
      body: fc.string({ unit: 'binary', maxLength: 200 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(noteArb, { maxLength: 8 }), async (notes) => {
        const store: StoreData = emptyStoreData();
        for (const n of notes) store.notes = store.notes.set(n.id, note(n.id, n.body));
        const written = await writeStoreDurably(path.join(dir, 'measure.json'), store);
        expect(storeBytes(store)).toBe(written);
      }),
      { numRuns: 60 },
    );
  });

  it('a store written right at the budget reopens, and the next growing edit is refused', async () => {
    app = await openApp(data(), 'cli', { index: false });
    const n = await app.core.createNote({ title: 'At the limit', body: 'x'.repeat(4000) });
    await app.close();
    app = null;
    const size = (await stat(path.join(data(), STORE_FILE))).size;
    process.env.DOSSIER_STORE_BUDGET_BYTES = String(size);
    app = await openApp(data(), 'cli', { index: false });
    expect(app.core.store.storage?.()).toEqual({ bytes: size, budgetBytes: size, readOnly: false });
    expect(app.core.getNote(n.id).body).toHaveLength(4000);
    await expect(app.core.updateNote({ id: n.id, body: 'x'.repeat(4001) })).rejects.toMatchObject({
      code: 'STORE_FULL',
      message: expect.stringMatching(/^This edit would make your notes 4 KB; Dossier keeps at most 4 KB/),
    });
    // Shrinking is always fine.
    await app.core.updateNote({ id: n.id, body: 'short' });
    expect(app.core.getNote(n.id).body).toBe('short');
  });

  it('refuses an import that would cross the budget and changes nothing (memory, undo, disk)', async () => {
    process.env.DOSSIER_STORE_BUDGET_BYTES = String(64 * 1024);
    app = await openApp(data(), 'cli', { index: false });
    await app.core.createNote({ title: 'Before', body: 'kept' });
    await app.core.store.flush();
    const src = path.join(dir, 'src');
    await mkdir(src);
    for (let i = 0; i < 30; i++)
      await writeFile(path.join(src, `n${i}.md`), `# Note ${i}\n\n${'y'.repeat(3000)}`);
    const before = { notes: app.core.info().noteCount, undo: app.core.peekUndo(), disk: await diskState() };
    const err = await app.core.runImport(src).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE_FULL' });
    expect((err as Error).message).toMatch(
      /^This import would make your notes \d+ KB; Dossier keeps at most 64 KB in one notebook\. Nothing was changed\.$/,
    );
    await app.core.store.flush();
    expect({ notes: app.core.info().noteCount, undo: app.core.peekUndo(), disk: await diskState() }).toEqual(
      before,
    );
    // A smaller import still fits.
    const small = path.join(dir, 'small');
    await mkdir(small);
    await writeFile(path.join(small, 'one.md'), '# One\n\nfits');
    expect((await app.core.runImport(small)).added).toBe(1);
  });

  it('opens a store over the budget (from an older version) read-only, with export and delete as the way out', async () => {
    const store: StoreData = emptyStoreData();
    for (let i = 0; i < 20; i++) store.notes = store.notes.set(`n${i}`, note(`n${i}`, 'z'.repeat(2000)));
    await mkdir(data(), { recursive: true });
    const size = await writeStoreDurably(path.join(data(), STORE_FILE), store);
    process.env.DOSSIER_STORE_BUDGET_BYTES = String(Math.floor(size / 2));
    app = await openApp(data(), 'cli', { index: false });
    expect(app.core.store.storage?.()).toMatchObject({ bytes: size, readOnly: true });
    // The shells see it too (app.info), so the window can say why edits are refused.
    expect(app.core.info().storage).toMatchObject({ bytes: size, readOnly: true });
    expect(app.core.info().noteCount).toBe(20);
    await expect(app.core.createNote({ title: 'more' })).rejects.toMatchObject({
      code: 'STORE_FULL',
      message: expect.stringMatching(/open read-only\. Export them, or delete notes and empty the trash/),
    });
    await expect(app.core.updateNote({ id: 'n0', body: 'edit' })).rejects.toMatchObject({
      code: 'STORE_FULL',
    });
    const out = path.join(dir, 'out');
    expect((await app.core.exportMarkdown({ kind: 'all' }, out)).notes).toBe(20);
    for (let i = 0; i < 12; i++) await app.core.deleteNote(`n${i}`);
    await app.core.emptyTrash();
    expect(app.core.store.storage?.()).toMatchObject({ readOnly: false });
    await app.core.createNote({ title: 'room again' });
    expect(app.core.info().noteCount).toBe(9);
  });
});

describe('store budget and files written by other tools', () => {
  it('measures an indented file instead of trusting its size, so whitespace does not make it read-only', async () => {
    const store: StoreData = {
      ...emptyStoreData(),
      notes: ChunkedMap.fromRecord({ a: note('a', 'w'.repeat(3000)) }),
    };
    await mkdir(data(), { recursive: true });
    await writeFile(path.join(data(), STORE_FILE), JSON.stringify(store, null, 8));
    const compact = storeBytes(store);
    const onDisk = (await stat(path.join(data(), STORE_FILE))).size;
    expect(onDisk).toBeGreaterThan(compact);
    process.env.DOSSIER_STORE_BUDGET_BYTES = String(compact + 100);
    app = await openApp(data(), 'cli', { index: false });
    expect(app.core.store.storage?.()).toEqual({
      bytes: compact,
      budgetBytes: compact + 100,
      readOnly: false,
    });
  });
});

describe('store budget over HTTP (browser mode)', () => {
  it('answers a refused growing call with 413 and the sizes', async () => {
    process.env.DOSSIER_STORE_BUDGET_BYTES = String(16 * 1024);
    app = await openApp(data(), 'browser', { index: false });
    const renderer = path.join(dir, 'renderer');
    await mkdir(renderer);
    const server = await startWebServer({ api: app.api, rendererDir: renderer });
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/api/notes.create`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: 'too big', body: 'q'.repeat(20_000) }),
      });
      expect(res.status).toBe(413);
      const json = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(json.error.code).toBe('STORE_FULL');
      expect(json.error.message).toMatch(
        /^This new note would make your notes \d+ KB; Dossier keeps at most 16 KB/,
      );
      expect(app.core.info().noteCount).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('store size accounting', () => {
  it('tracks the exact size through any sequence of changes (fast-check)', async () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('create' as const),
        body: fc.string({ unit: 'binary', maxLength: 300 }),
      }),
      fc.record({
        kind: fc.constant('update' as const),
        pick: fc.nat(),
        body: fc.string({ maxLength: 300 }),
      }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('topic' as const), name: fc.string({ minLength: 1, maxLength: 40 }) }),
      fc.constant({ kind: 'empty' as const }),
      fc.constant({ kind: 'undo' as const }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 12 }), async (ops) => {
        const one = await openApp(path.join(dir, `prop-${run++}`), 'cli', { index: false });
        try {
          for (const o of ops) {
            const live = one.core.store
              .get()
              .notes.toArray()
              .filter((n) => !n.deletedAt);
            const target = live.length ? live[('pick' in o ? o.pick : 0) % live.length] : undefined;
            if (o.kind === 'create') await one.core.createNote({ title: 't', body: o.body });
            else if (o.kind === 'update' && target)
              await one.core.updateNote({ id: target.id, body: o.body });
            else if (o.kind === 'delete' && target) await one.core.deleteNote(target.id);
            else if (o.kind === 'topic') await one.core.createTopic({ name: o.name }).catch(() => undefined);
            else if (o.kind === 'empty') await one.core.emptyTrash();
            else if (o.kind === 'undo') await one.core.runUndo().catch(() => undefined);
            expect(one.core.store.storage?.()?.bytes).toBe(storeBytes(one.core.store.get()));
          }
        } finally {
          await one.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
