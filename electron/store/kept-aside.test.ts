import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { keySealer } from './sealed/sealer.js';
import { sealLines } from './sealed/line-file.js';
import { familyOf } from './sealed/data-files.js';
import type { Note } from '../domain/model.js';
import { keptAside, moveAside } from './kept-aside.js';
import { HISTORY_DIR, RevisionLog } from './revisions.js';

// Damaged history files are moved aside as found, never over an earlier one, and a list and a record that
// meet the same damage at once move it only once: the fresh history one of them starts stays in place.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-kept-aside-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('moveAside / keptAside', () => {
  it('keeps each damaged file under its own name, even twice in the same millisecond', async () => {
    const file = path.join(dir, 'n1.jsonl');
    const at = new Date('2026-03-02T09:15:30.250Z');
    await writeFile(file, 'first damage\n');
    const a = await moveAside(file, at);
    await writeFile(file, 'second damage\n');
    const b = await moveAside(file, at);
    expect(a).not.toBe(b);
    expect(await readFile(a, 'utf8')).toBe('first damage\n');
    expect(await readFile(b, 'utf8')).toBe('second damage\n');
    await writeFile(path.join(dir, 'n11.jsonl.corrupt-2026-03-02T09-15-30-250Z'), 'another note\n');
    expect(await keptAside(file)).toEqual([
      { name: path.basename(a), at: at.toISOString() },
      { name: path.basename(b), at: at.toISOString() },
    ]);
    for (const k of [a, b]) expect(familyOf(`history/${path.basename(k)}`)?.name).toBe('kept revisions');
    expect(await keptAside(path.join(dir, 'none.jsonl'))).toEqual([]);
  });
});

describe('RevisionLog over a damaged sealed file', () => {
  const note = (body: string): Note => ({
    id: 'n1',
    topicId: null,
    title: 'Trial',
    body,
    tags: [],
    pinned: false,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T09:00:00.000Z',
  });

  it('moves it aside once when lists and a record meet the damage together', async () => {
    const sealer = keySealer(randomBytes(32), { requireSealed: true });
    const log = new RevisionLog(dir, sealer);
    const file = path.join(dir, HISTORY_DIR, 'n1.jsonl');
    await log.record(note('v1'), 0, true);
    // A line sealed under another key: authentic-looking, but not from this notebook.
    const foreign = sealLines(keySealer(randomBytes(32), { requireSealed: true }), [
      JSON.stringify({ rev: 2, body: 'x' }),
    ]);
    await writeFile(file, (await readFile(file, 'utf8')) + foreign);

    // Lists queued behind the record's move run while it appends its fresh first line.
    const lists = () => Array.from({ length: 10 }, () => log.list('n1'));
    const [recorded] = await Promise.all([log.record(note('v2'), 1, true), ...lists(), ...lists()]);
    expect(recorded).toBe(true);
    expect((await log.list('n1')).map((r) => [r.rev, r.body])).toEqual([[1, 'v2']]);
    const names = await readdir(path.join(dir, HISTORY_DIR));
    expect(names.filter((n) => n.includes('.corrupt-'))).toHaveLength(1);
    expect(await log.keptAside('n1')).toEqual([
      { file: `${HISTORY_DIR}/${names.find((n) => n.includes('.corrupt-'))}`, at: expect.any(String) },
    ]);
  });
});
