import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import {
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
  open as fsOpen,
  rename as fsRename,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { diffChanges } from '../../electron/domain/changes.js';
import { openStore, STORE_FILE } from '../../electron/store/open-store.js';
import { loadStoreFile } from '../../electron/store/load.js';
import { listBackups, rotateBackups, snapshot } from '../../electron/store/backups.js';
import { emptyStoreData, SCHEMA_VERSION, type StoreData } from '../../electron/domain/model.js';
import type { FsOps } from '../../electron/store/chunked-writer.js';
import { openApp } from '../../electron/shell/open-app.js';
import { hostApp } from '../../electron/shell/app-host.js';
import { DossierError } from '../../electron/domain/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-durable-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = () => path.join(dir, STORE_FILE);
function withNote(data: StoreData, id: string, body = 'text'): StoreData {
  const now = '2026-01-01T00:00:00.000Z';
  return {
    ...data,
    notes: data.notes.set(id, {
      id,
      topicId: null,
      title: id,
      body,
      tags: [],
      pinned: false,
      createdAt: now,
      updatedAt: now,
    }),
  };
}

describe('corrupt or foreign store files are refused, kept, and never overwritten', () => {
  const deep = `{"schemaVersion":${SCHEMA_VERSION},"x":` + '['.repeat(10_000) + ']'.repeat(10_000) + '}';
  const cases: [string, string | Buffer, RegExp][] = [
    [
      'truncated',
      `{"schemaVersion":${SCHEMA_VERSION},"topics":{},"notes":{"a":{"id":"a"`,
      /not valid JSON at line 1/,
    ],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /not valid UTF-8/],
    [
      'wrong shape',
      `{"schemaVersion":${SCHEMA_VERSION},"topics":[],"notes":{}}`,
      /unexpected shape at topics/,
    ],
    ['empty', '', /it is empty/],
    ['huge number', '{"schemaVersion":1e400,"topics":{}}', /invalid schemaVersion/],
    ['deep nesting', deep, /unexpected shape|nested too deeply/],
    ['an array', '[1,2,3]', /does not hold a Dossier store/],
    ['newer version', '{"schemaVersion":99,"topics":{},"notes":{}}', /newer Dossier/],
  ];
  it.each(cases)('%s', async (_name, content, message) => {
    await writeFile(file(), content);
    const before = await readFile(file());
    const err = await openStore(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DossierError);
    expect((err as DossierError).message).toMatch(message);
    expect((err as DossierError).message).toContain(file());
    expect(await readFile(file())).toEqual(before);
    if ((err as DossierError).code === 'STORE_CORRUPT') {
      const kept = (await readdir(dir)).filter((n) => n.startsWith('dossier.json.corrupt-'));
      expect(kept).toHaveLength(1);
      expect(await readFile(path.join(dir, kept[0]!))).toEqual(before);
    }
    // The lock was released: a second attempt gives the same answer, not "already open".
    await expect(openStore(dir)).rejects.toMatchObject({ code: (err as DossierError).code });
  });

  it('refuses arbitrary garbage without throwing anything but a DossierError (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.json(), fc.uint8Array({ maxLength: 200 })),
        async (content) => {
          const f = path.join(dir, 'garbage.json');
          await writeFile(f, typeof content === 'string' ? content : Buffer.from(content));
          const r = await loadStoreFile(f, { quarantine: false }).then(
            (v) => ({ ok: true as const, v }),
            (e: unknown) => ({ ok: false as const, e }),
          );
          if (!r.ok) expect(r.e).toBeInstanceOf(DossierError);
          else expect(r.v?.data.schemaVersion).toBe(SCHEMA_VERSION);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the app starts in recovery mode and restores the newest valid backup', async () => {
    const store = await openStore(dir);
    await store.commit(withNote(store.get(), 'keep-me'));
    await store.close();
    await snapshot(dir, file(), 'daily', new Date('2026-01-01T10:00:00Z'));
    await writeFile(file(), '{"schemaVersion":1,"notes":');
    const host = await hostApp(dir, 'browser', 'test');
    expect(host.problem()?.code).toBe('STORE_CORRUPT');
    await expect(host.api['notes.list']({ filter: {} })).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    const status = await host.api['recovery.status']({});
    expect(status.backups.length).toBeGreaterThan(0);
    await host.api['recovery.restore']({});
    expect(host.problem()).toBeNull();
    expect((await host.api['notes.list']({ filter: {} })).total).toBe(1);
    await host.close();
    expect((await readdir(dir)).some((n) => n.startsWith('dossier.json.corrupt-'))).toBe(true);
  });
});

describe('disk errors during a save', () => {
  /** fs layer whose writes fail with ENOSPC after writing part of the data, and whose renames fail with EACCES. */
  function failingFs(mode: 'enospc-mid-write' | 'eacces-rename', failures: { left: number }): FsOps {
    return {
      open: (async (...args: Parameters<typeof fsOpen>) => {
        const fh = await fsOpen(...args);
        if (mode !== 'enospc-mid-write') return fh;
        const realWrite = fh.write.bind(fh) as (
          b: Buffer,
          o: number,
          l: number,
        ) => Promise<{ bytesWritten: number }>;
        (fh as unknown as { write: typeof realWrite }).write = async (b, o, l) => {
          if (failures.left > 0) {
            failures.left -= 1;
            await realWrite(b, o, Math.floor(l / 2));
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          }
          return realWrite(b, o, l);
        };
        return fh;
      }) as typeof fsOpen,
      rename: (async (...args: Parameters<typeof fsRename>) => {
        if (mode === 'eacces-rename' && failures.left > 0) {
          failures.left -= 1;
          throw Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES' });
        }
        return fsRename(...args);
      }) as typeof fsRename,
    };
  }

  async function diskState(): Promise<string[]> {
    const names = (await readdir(dir))
      .filter((n) => n.startsWith('dossier.json') || n.startsWith('dossier.journal'))
      .sort();
    return Promise.all(names.map(async (n) => `${n}:${await readFile(path.join(dir, n), 'utf8')}`));
  }

  it('ENOSPC mid-write: files on disk unchanged, error surfaced, edit kept in memory, retry succeeds', async () => {
    let store = await openStore(dir);
    await store.commit(withNote(store.get(), 'first'));
    await store.commit(withNote(store.get(), 'second'));
    await store.close();
    const failures = { left: 0 };
    store = await openStore(dir, { fs: failingFs('enospc-mid-write', failures) });
    await store.commit(withNote(store.get(), 'third'));
    const before = await diskState();
    failures.left = 1;
    const err = await store
      .commit(withNote(store.get(), 'fourth', 'y'.repeat(100_000)))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SAVE_FAILED', message: expect.stringMatching(/disk is full/) });
    expect(store.status()).toMatchObject({ state: 'error', error: 'the disk is full' });
    expect(await diskState()).toEqual(before);
    expect(store.get().notes.get('fourth')).toBeDefined();
    await store.flush();
    expect(store.status().state).toBe('saved');
    await store.commit(withNote(store.get(), 'fifth'));
    await store.close();
    const after = await openStore(dir);
    expect([...after.get().notes.keys()].sort()).toEqual(['fifth', 'first', 'fourth', 'second', 'third']);
    await after.close();
  });

  it('with change hints from the core: a failed write keeps them pending, so the retry journals every edit', async () => {
    let store = await openStore(dir);
    await store.commit(withNote(store.get(), 'base'));
    await store.close();
    const failures = { left: 0 };
    store = await openStore(dir, { fs: failingFs('enospc-mid-write', failures) });
    const hinted = async (id: string, body?: string) => {
      const before = store.get();
      const next = withNote(before, id, body);
      return store.commit(next, diffChanges(before, next));
    };
    await hinted('a');
    failures.left = 1;
    await expect(hinted('b', 'y'.repeat(100_000))).rejects.toMatchObject({ code: 'SAVE_FAILED' });
    const c = hinted('c'); // committed while the failed save waits for its retry
    await store.flush();
    await c;
    await store.close();
    const after = await openStore(dir);
    expect([...after.get().notes.keys()].sort()).toEqual(['a', 'b', 'base', 'c']);
    await after.close();
  });

  it('an edit committed while a snapshot is being written is journaled after it, not lost', async () => {
    // Once armed, the snapshot's rename waits 150 ms; the edit below lands while it is on its way to disk.
    let armed = false;
    let renaming!: () => void;
    const renameStarted = new Promise<void>((r) => (renaming = r));
    const slowRename = (async (...args: Parameters<typeof fsRename>) => {
      if (armed && String(args[1]).endsWith(STORE_FILE)) {
        renaming();
        await new Promise((r) => setTimeout(r, 150));
      }
      return fsRename(...args);
    }) as typeof fsRename;
    const store = await openStore(dir, { fs: { open: fsOpen, rename: slowRename } });
    await store.commit(withNote(store.get(), 'before'));
    await store.flush();
    armed = true;
    const compaction = store.compactNow();
    await renameStarted;
    const during = store.commit(withNote(store.get(), 'during'));
    await compaction;
    await during;
    // Simulate a crash: no close(), just drop the lock and read what is on disk.
    await (store as unknown as { options: { release: () => Promise<void> } }).options.release();
    const reopened = await openStore(dir);
    expect([...reopened.get().notes.keys()].sort()).toEqual(['before', 'during']);
    await reopened.close();
  });

  it('EACCES on rename while writing the snapshot: nothing half-written, error surfaced, retry succeeds', async () => {
    const failures = { left: 1 };
    const store = await openStore(dir, { fs: failingFs('eacces-rename', failures) });
    const err = await store.commit(withNote(store.get(), 'first')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SAVE_FAILED', message: expect.stringMatching(/permission denied/) });
    expect((await readdir(dir)).filter((n) => n.startsWith('dossier.json') || n.endsWith('.tmp'))).toEqual(
      [],
    );
    await store.flush();
    await store.close();
    const after = await openStore(dir);
    expect(after.get().notes.get('first')).toBeDefined();
    await after.close();
  });

  it('survives a compaction with a tiny journal limit', async () => {
    process.env.DOSSIER_JOURNAL_MAX_BYTES = '2000';
    try {
      const store = await openStore(dir);
      for (let i = 0; i < 40; i++) await store.commit(withNote(store.get(), `n${i}`, 'z'.repeat(300)));
      await store.flush();
      await new Promise((r) => setTimeout(r, 50));
      const reopened = await loadStoreFile(file(), { quarantine: false });
      expect([...reopened!.data.notes.keys()].length).toBeGreaterThan(1);
      await store.close();
      const after = await openStore(dir);
      expect([...after.get().notes.keys()]).toHaveLength(40);
      await after.close();
      expect((await readdir(dir)).filter((n) => n.startsWith('dossier.journal'))).toEqual([]);
    } finally {
      delete process.env.DOSSIER_JOURNAL_MAX_BYTES;
    }
  });
});

describe('one writer per data dir', () => {
  it('refuses a second process with the PID of the first', async () => {
    const app = await openApp(dir, 'browser', { owner: 'browser mode' });
    const script = `import('${path.join(process.cwd(), 'electron/store/open-store.ts').replace(/\\/g, '/')}').then(m => m.openStore(${JSON.stringify(dir)}, { owner: 'cli' })).then(() => { console.log('OPENED'); process.exit(0); }, (e) => { console.log(e.code + ': ' + e.message); process.exit(3); })`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(3);
    expect(out).toContain('STORE_LOCKED');
    expect(out).toContain(`already open by PID ${process.pid} (browser mode)`);
    await app.close();
  });

  it('takes over a stale lock left by a dead process', async () => {
    await writeFile(
      path.join(dir, 'dossier.lock'),
      JSON.stringify({ pid: 999_999, owner: 'crashed', host: os.hostname(), since: '2020-01-01' }),
    );
    const store = await openStore(dir);
    await store.close();
  });
});

describe('migrations', () => {
  it('migrates a v1 store (before attachments) to the current version: no attachments, a 200 MB limit', async () => {
    const v1 = {
      schemaVersion: 1,
      topics: {},
      notes: {
        n1: {
          id: 'n1',
          topicId: null,
          title: 'Kick-off',
          body: 'minutes',
          tags: [],
          pinned: false,
          createdAt: '2025-01-02T00:00:00.000Z',
          updatedAt: '2025-01-02T00:00:00.000Z',
        },
      },
      savedSearches: {},
      settings: { trashRetentionDays: 14 },
    };
    await writeFile(file(), JSON.stringify(v1));
    const store = await openStore(dir);
    expect(store.get().schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.get().attachments).toEqual({});
    expect(store.get().settings).toEqual({ trashRetentionDays: 14, attachmentLimitBytes: 200 * 1024 * 1024 });
    expect(store.get().notes.get('n1')?.title).toBe('Kick-off');
    await store.close();
    expect((await listBackups(dir)).some((b) => b.name.includes('before-migration-from-v1'))).toBe(true);
  });

  it('migrates a v0 (pre-release, array-shaped) fixture to the current version after backing it up', async () => {
    const v0 = {
      topics: [{ id: 't1', name: 'Seeker', createdAt: '2023-05-01T00:00:00.000Z' }],
      notes: [
        {
          id: 'n1',
          topicId: 't1',
          title: 'Old note',
          body: 'from 2023',
          tags: ['partner/kaist'],
          createdAt: '2023-05-02T00:00:00.000Z',
          updatedAt: '2023-05-03T00:00:00.000Z',
        },
      ],
    };
    await writeFile(file(), JSON.stringify(v0));
    const store = await openStore(dir);
    expect(store.get().schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.get().attachments).toEqual({});
    expect(store.get().notes.get('n1')).toMatchObject({ title: 'Old note', pinned: false, topicId: 't1' });
    expect(store.get().topics.t1).toMatchObject({ status: 'active', partners: [] });
    await store.close();
    const backups = await listBackups(dir);
    expect(backups.some((b) => b.name.includes('before-migration-from-v0'))).toBe(true);
    const original = JSON.parse(
      await readFile(backups.find((b) => b.name.includes('before-migration'))!.path, 'utf8'),
    ) as unknown;
    expect(original).toEqual(v0);
    expect(JSON.parse(await readFile(file(), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('reads a v2 store file (attachments, before properties and folders) and keeps its attachment records', async () => {
    const attachment = {
      id: 'a1b2c3d4e5f60718',
      hash: 'a1b2c3d4e5f60718'.padEnd(64, '0'),
      name: 'whiteboard.png',
      mediaType: 'image/png',
      size: 1234,
      createdAt: '2025-03-04T00:00:00.000Z',
    };
    const v2 = {
      schemaVersion: 2,
      topics: {},
      notes: {
        n1: {
          id: 'n1',
          topicId: null,
          title: 'Trial set-up',
          body: '![board](attachments/a1b2c3d4e5f60718/whiteboard.png)',
          tags: ['activity/trial'],
          pinned: false,
          createdAt: '2025-03-04T00:00:00.000Z',
          updatedAt: '2025-03-04T00:00:00.000Z',
        },
      },
      savedSearches: {},
      settings: { trashRetentionDays: 30, attachmentLimitBytes: 50 * 1024 * 1024 },
      attachments: { [attachment.id]: attachment },
    };
    await writeFile(file(), JSON.stringify(v2));
    const store = await openStore(dir);
    expect(store.get().schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.get().attachments).toEqual(v2.attachments);
    expect(store.get().settings.attachmentLimitBytes).toBe(50 * 1024 * 1024);
    expect(store.get().notes.get('n1')?.body).toBe(v2.notes.n1.body);
    expect(store.get().notes.get('n1')?.properties).toBeUndefined();
    await store.close();
    expect((await listBackups(dir)).some((b) => b.name.includes('before-migration-from-v2'))).toBe(true);
  });

  it('reads a v3 store file (properties, folders and attachments, before markings) and keeps every field', async () => {
    const attachment = {
      id: 'b2c3d4e5f6071829',
      hash: 'b2c3d4e5f6071829'.padEnd(64, '0'),
      name: 'site-plan.pdf',
      mediaType: 'application/pdf',
      size: 4321,
      createdAt: '2025-05-06T00:00:00.000Z',
    };
    const v3 = {
      schemaVersion: 3,
      topics: {
        t1: {
          id: 't1',
          name: 'Field trial',
          description: '',
          status: 'active',
          partners: ['KAIST'],
          createdAt: '2025-05-06T00:00:00.000Z',
          updatedAt: '2025-05-06T00:00:00.000Z',
        },
      },
      notes: {
        n1: {
          id: 'n1',
          topicId: 't1',
          title: 'Site visit',
          body: '[site plan](attachments/b2c3d4e5f6071829/site-plan.pdf)',
          tags: ['activity/visit'],
          pinned: false,
          createdAt: '2025-05-06T00:00:00.000Z',
          updatedAt: '2025-05-06T00:00:00.000Z',
          properties: { status: 'draft', score: 3 },
          folder: 'visits/2025',
        },
      },
      savedSearches: {},
      settings: { trashRetentionDays: 30, attachmentLimitBytes: 50 * 1024 * 1024 },
      attachments: { [attachment.id]: attachment },
    };
    await writeFile(file(), JSON.stringify(v3));
    const store = await openStore(dir);
    expect(store.get().schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.get().notes.toRecord()).toEqual(v3.notes);
    expect(store.get().topics).toEqual(v3.topics);
    expect(store.get().attachments).toEqual(v3.attachments);
    expect(store.get().settings.attachmentLimitBytes).toBe(50 * 1024 * 1024);
    // No markings appear from nowhere: the note, the topic and the scheme stay unmarked.
    expect(store.get().notes.get('n1')?.marking).toBeUndefined();
    expect(store.get().topics.t1?.marking).toBeUndefined();
    expect(store.get().settings.markingScheme).toBeUndefined();
    await store.close();
    expect((await listBackups(dir)).some((b) => b.name.includes('before-migration-from-v3'))).toBe(true);
    expect(JSON.parse(await readFile(file(), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('reads a v1 store file (before properties and folders) as it is, after backing it up', async () => {
    const v1 = await readFile(path.join(import.meta.dirname, 'fixtures', 'store-v1.json'), 'utf8');
    await writeFile(file(), v1);
    const store = await openStore(dir);
    expect(store.get().schemaVersion).toBe(SCHEMA_VERSION);
    const before = JSON.parse(v1) as { notes: Record<string, object>; topics: Record<string, object> };
    // Every v1 record comes through unchanged: no properties, no folder, same fields.
    expect(store.get().notes.toRecord()).toEqual(before.notes);
    expect(store.get().topics).toEqual(before.topics);
    expect(
      store
        .get()
        .notes.toArray()
        .every((n) => n.properties === undefined && n.folder === undefined),
    ).toBe(true);
    await store.close();
    expect((await listBackups(dir)).some((b) => b.name.includes('before-migration-from-v1'))).toBe(true);
    expect(JSON.parse(await readFile(file(), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
  });
});

describe('backups', () => {
  it('keeps the newest 10 plus one per day for the last 7 days', async () => {
    await writeFile(file(), JSON.stringify(emptyStoreData()));
    for (let day = 1; day <= 12; day++) {
      for (let k = 0; k < 3; k++)
        await snapshot(dir, file(), 'recent', new Date(Date.UTC(2026, 0, day, 8 + k)));
    }
    await rotateBackups(dir);
    const names = (await listBackups(dir)).map((b) => b.name);
    const days = new Set(names.map((n) => n.slice(8, 18)));
    expect(names.length).toBe(10 + 3); // newest 10 cover days 12..9; days 8,7,6 add one each
    expect([...days].sort()).toEqual([
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-01-10',
      '2026-01-11',
      '2026-01-12',
    ]);
  });

  it('makes a daily backup on the first save and restores one in the running app, undoably', async () => {
    const app = await openApp(dir, 'browser');
    const n = await app.core.createNote({ title: 'before' });
    await app.core.store.flush();
    const [backup] = await app.core.listBackups();
    expect(backup).toBeDefined();
    await app.core.updateNote({ id: n.id, title: 'after' });
    await app.core.restoreBackup(backup!.name);
    expect(app.core.getNote(n.id).title).toBe('before');
    expect((await app.core.listBackups()).some((b) => b.name.includes('before-restore'))).toBe(true);
    await app.core.runUndo();
    expect(app.core.getNote(n.id).title).toBe('after');
    await app.close();
  });
});

describe('trash', () => {
  it('restores notes and topics, empties undoably, and purges after the retention period', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    let app = await openApp(dir, 'browser', { clock: () => now });
    const t = await app.core.createTopic({ name: 'Exchange' });
    const a = await app.core.createNote({ topicId: t.id, title: 'a' });
    const b = await app.core.createNote({ title: 'b' });
    await app.core.deleteTopic(t.id, true);
    await app.core.restoreFromTrash('topic', t.id);
    expect(app.core.getNote(a.id).deletedAt).toBeUndefined();
    await app.core.deleteNote(b.id);
    expect(await app.core.emptyTrash()).toEqual({ notes: 1, topics: 0, undoId: expect.any(Number) });
    await app.core.runUndo();
    expect(app.core.listNotes({ trash: true }).total).toBe(1);
    await app.close();
    now = new Date('2026-01-20T00:00:00Z');
    app = await openApp(dir, 'browser', { clock: () => now });
    expect(app.core.listNotes({ trash: true }).total).toBe(1);
    await app.close();
    now = new Date('2026-02-15T00:00:00Z');
    app = await openApp(dir, 'browser', { clock: () => now });
    expect(app.core.listNotes({ trash: true }).total).toBe(0);
    await app.close();
  });
});

describe('revision history', () => {
  it('coalesces edits within five minutes, keeps older versions, diffs and restores', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const app = await openApp(dir, 'browser', { clock: () => now });
    const n = await app.core.createNote({ title: 'Minutes', body: 'v1' });
    await app.core.updateNote({ id: n.id, body: 'v2' });
    now = new Date('2026-03-01T10:01:00Z');
    await app.core.updateNote({ id: n.id, body: 'v3' });
    now = new Date('2026-03-01T10:02:00Z');
    await app.core.updateNote({ id: n.id, body: 'v4' });
    expect((await app.core.listRevisions(n.id)).map((r) => r.body)).toEqual(['v1']);
    now = new Date('2026-03-01T10:10:00Z');
    await app.core.updateNote({ id: n.id, body: 'v5\nline two' });
    const revs = await app.core.listRevisions(n.id);
    expect(revs.map((r) => r.body)).toEqual(['v1', 'v4']);
    const diff = await app.core.diffRevision(n.id, revs[0]!.rev);
    expect(
      diff
        .filter((d) => d.kind === 'added')
        .map((d) => d.text)
        .join(''),
    ).toContain('line two');
    const restored = await app.core.restoreRevision(n.id, revs[0]!.rev);
    expect(restored.body).toBe('v1');
    expect((await app.core.listRevisions(n.id)).at(-1)?.body).toBe('v5\nline two');
    await app.close();
  });
});
