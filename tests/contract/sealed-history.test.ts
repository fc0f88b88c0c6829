import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../electron/shell/open-app.js';
import { HISTORY_DIR } from '../../electron/core/history/revisions.js';
import { EXPORT_LOG_FILE } from '../../electron/core/markings/export-log.js';
import type { Sealer } from '../../electron/store/sealed/sealer.js';
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

  it('answers DATA_TAMPERED for a changed line, and refuses a plain line planted in the folder', async () => {
    await open(protectedSealer());
    const { id, file } = await editedNote();
    const good = await readFile(file);
    const firstLineEnd = good.indexOf('\n');
    await writeFile(file, flipped(good, Math.floor(firstLineEnd / 2)));
    expect(await codeOf(app.core.listRevisions(id))).toBe('DATA_TAMPERED');
    await writeFile(file, good);
    await appendFile(
      file,
      JSON.stringify({ rev: 9, savedAt: '', title: 'planted', body: '', tags: [] }) + '\n',
    );
    expect(await codeOf(app.core.listRevisions(id))).toBe('DATA_TAMPERED');
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
