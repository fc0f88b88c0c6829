import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../electron/shell/open-app.js';
import { HISTORY_DIR } from '../../electron/store/revisions.js';
import { EXPORT_LOG_FILE } from '../../electron/store/export-log.js';
import type { Sealer } from '../../electron/store/sealed/sealer.js';
import { familyOf } from '../../electron/store/sealed/data-files.js';
import { call } from '../../electron/shell/dispatch.js';
import { CANARIES, expectNoCanaries, filesUnder, flipped, protectedSealer } from './sealed-helpers.js';

// The line files beside the store (history/<id>.jsonl, exports.log.jsonl) in a protected notebook: one
// sealed line per entry, nothing readable on disk, a torn tail skipped, a changed line DATA_TAMPERED.

let dir: string;
let dataDir: string;
let app: OpenedApp;
let now = Date.parse('2026-03-02T09:00:00Z');
const clock = () => new Date(now);

async function open(sealer?: Sealer): Promise<void> {
  app = await openApp(dataDir, 'browser', { clock, ...(sealer ? { sealer } : {}) });
}

beforeEach(async () => {
  now = Date.parse('2026-03-02T09:00:00Z');
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-sealed-lines-'));
  dataDir = path.join(dir, 'data');
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

/** A note edited three times, ten minutes apart: two revisions with the canaries in title and body. */
async function editedNote(): Promise<{ id: string; file: string }> {
  const n = await app.core.createNote({ title: `Trial ${CANARIES[0]}`, body: `first ${CANARIES[1]}` });
  for (const body of [`second ${CANARIES[2]}`, `third ${CANARIES[1]}`]) {
    now += 10 * 60_000;
    await app.core.updateNote({ id: n.id, body });
  }
  return { id: n.id, file: path.join(dataDir, HISTORY_DIR, `${n.id}.jsonl`) };
}

/** The note's history files set aside as `history/<id>.jsonl.corrupt-<time>` ("/" paths in the data folder). */
async function keptAside(id: string): Promise<string[]> {
  const names = await readdir(path.join(dataDir, HISTORY_DIR));
  return names.filter((n) => n.startsWith(`${id}.jsonl.corrupt-`)).map((n) => `${HISTORY_DIR}/${n}`);
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: { code?: string }) => err.code ?? String(err),
  );

describe('history in a protected notebook', () => {
  it('keeps revisions readable through the app and unreadable on disk', async () => {
    await open(protectedSealer());
    const { id } = await editedNote();
    const revs = await app.core.listRevisions(id);
    expect(revs.map((r) => r.body)).toEqual([`first ${CANARIES[1]}`, `second ${CANARIES[2]}`]);
    expect(revs[0]!.title).toBe(`Trial ${CANARIES[0]}`);
    await expectNoCanaries(await filesUnder(path.join(dataDir, HISTORY_DIR)));
    // Restoring works from the sealed lines too.
    const restored = await app.core.restoreRevision(id, 1);
    expect(restored.body).toBe(`first ${CANARIES[1]}`);
  });

  it('skips a torn last line (a crash mid-append), also when the next append lands on the same line', async () => {
    await open(protectedSealer());
    const { id, file } = await editedNote();
    const full = await readFile(file);
    await truncate(file, full.length - 10);
    expect((await app.core.listRevisions(id)).map((r) => r.rev)).toEqual([1]);
    now += 10 * 60_000;
    await app.core.updateNote({ id, body: 'fourth' });
    const revs = await app.core.listRevisions(id);
    expect(revs.map((r) => r.body)).toEqual([`first ${CANARIES[1]}`, `third ${CANARIES[1]}`]);
  });

  it('never reads a changed line or a plain line planted in the folder: the file is set aside as found', async () => {
    await open(protectedSealer());
    const { id, file } = await editedNote();
    const good = await readFile(file);
    const firstLineEnd = good.indexOf('\n');
    const changed = flipped(good, Math.floor(firstLineEnd / 2));
    await writeFile(file, changed);
    expect(await app.core.listRevisions(id)).toEqual([]);
    const kept = await keptAside(id);
    expect(kept).toHaveLength(1);
    expect(await readFile(path.join(dataDir, kept[0]!))).toEqual(changed);
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });

    await writeFile(file, good);
    await appendFile(
      file,
      JSON.stringify({ rev: 9, savedAt: '', title: 'planted', body: '', tags: [] }) + '\n',
    );
    const revs = await app.core.listRevisions(id);
    expect(revs.map((r) => r.title)).not.toContain('planted');
    expect(revs).toEqual([]);
    expect(await keptAside(id)).toHaveLength(2);
  });

  it('a history that fails its check is kept aside, new versions are recorded again, and revisions.list says so', async () => {
    await open(protectedSealer());
    const { id, file } = await editedNote();
    const other = await editedNote();
    const good = await readFile(file);
    const changed = flipped(good, Math.floor(good.indexOf('\n') / 2));
    await writeFile(file, changed);

    // The next edit after the damage is recorded, in a fresh history.
    now += 10 * 60_000;
    await app.core.updateNote({ id, body: 'fourth' });
    const revs = await app.core.listRevisions(id);
    expect(revs.map((r) => [r.rev, r.body])).toEqual([[1, `third ${CANARIES[1]}`]]);
    now += 10 * 60_000;
    await app.core.updateNote({ id, body: 'fifth' });
    expect((await app.core.listRevisions(id)).map((r) => r.body)).toEqual([`third ${CANARIES[1]}`, 'fourth']);
    await expectNoCanaries([file]);

    // The damaged file is kept byte for byte, in a file family the data-file registry knows.
    const kept = await keptAside(id);
    expect(kept).toHaveLength(1);
    expect(await readFile(path.join(dataDir, kept[0]!))).toEqual(changed);
    expect(familyOf(kept[0]!)).toMatchObject({ name: 'kept revisions', format: 'lines' });

    // The history view is told: revisions.list (through dispatch, as every shell calls it) names the file.
    const listed = await call(app.api, 'revisions.list', { noteId: id });
    expect(listed.items.map((r) => r.body)).toEqual([`third ${CANARIES[1]}`, 'fourth']);
    expect(listed.setAside).toEqual([{ file: kept[0], at: expect.any(String) }]);
    expect(Math.abs(Date.parse(listed.setAside[0]!.at) - Date.now())).toBeLessThan(60_000);
    // Another note's history is untouched and reports nothing.
    const untouched = await call(app.api, 'revisions.list', { noteId: other.id });
    expect(untouched.items).toHaveLength(2);
    expect(untouched.setAside).toEqual([]);
  });

  it('plain notebooks keep one JSON object a line, exactly as before', async () => {
    await open();
    const { id, file } = await editedNote();
    const revs = await app.core.listRevisions(id);
    expect(await readFile(file, 'utf8')).toBe(revs.map((r) => JSON.stringify(r) + '\n').join(''));
  });
});

describe('export log in a protected notebook', () => {
  it('logs exports in sealed lines that read back through the app', async () => {
    await open(protectedSealer());
    const topic = await app.core.createTopic({ name: `Seeker ${CANARIES[0]}` });
    await app.core.createNote({ title: 'Plan', body: 'x', topicId: topic.id });
    await app.core.exportMarkdown({ kind: 'topic', id: topic.id }, path.join(dir, `out-${CANARIES[2]}`));
    await app.core.exportMarkdown({ kind: 'all' }, path.join(dir, 'out2'));
    const log = await app.core.exportLog();
    expect(log).toHaveLength(2);
    expect(log[1]!.scope).toContain(CANARIES[0]);
    expect(log[1]!.destination).toContain(CANARIES[2]);
    await expectNoCanaries([path.join(dataDir, EXPORT_LOG_FILE)]);
    const file = path.join(dataDir, EXPORT_LOG_FILE);
    const good = await readFile(file);
    await writeFile(file, flipped(good, 20));
    expect(await codeOf(app.core.exportLog())).toBe('DATA_TAMPERED');
    // A torn tail is an export that was never acknowledged: skipped.
    await writeFile(file, good.subarray(0, good.length - 7));
    expect(await app.core.exportLog()).toHaveLength(1);
  });

  it('plain notebooks keep one JSON object a line', async () => {
    await open();
    await app.core.createNote({ title: 'Plan', body: 'x' });
    await app.core.exportMarkdown({ kind: 'all' }, path.join(dir, 'out'));
    const log = await app.core.exportLog();
    expect(await readFile(path.join(dataDir, EXPORT_LOG_FILE), 'utf8')).toBe(JSON.stringify(log[0]) + '\n');
  });
});
