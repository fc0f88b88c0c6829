import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { safeStem, UniqueNames } from './file-names.js';
import { parseNoteFile, stripBanners } from './front-matter.js';
import { exportNotes } from './export.js';
import { openApp, type OpenedApp } from '../../shell/open-app.js';

describe('safe file names', () => {
  it.each([
    ['../../etc/passwd', 'etc passwd'],
    ['CON', '_CON'],
    ['aux.txt', '_aux.txt'],
    ['Minutes: 12/03 <draft>?', 'Minutes 12 03 draft'],
    ['trailing dots...', 'trailing dots'],
    ['   ', 'Untitled'],
    ['회의록 — Daejeon', '회의록 — Daejeon'],
  ])('%j → %j', (raw, expected) => {
    expect(safeStem(raw)).toBe(expected);
  });

  it('never yields a separator, traversal, forbidden character, reserved name or clash', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 120 }), { maxLength: 30 }), (titles) => {
        const names = new UniqueNames();
        const seen = new Set<string>();
        for (const t of titles) {
          const name = names.take(safeStem(t), '.md');
          expect(name).not.toMatch(/[<>:"/\\|?*\u0000-\u001f]/);
          expect(name.startsWith('.')).toBe(false);
          expect(name).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
          expect(seen.has(name.toLowerCase())).toBe(false);
          seen.add(name.toLowerCase());
        }
      }),
    );
  });
});

describe('export to markdown', () => {
  let dir: string;
  let app: OpenedApp;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-export-'));
    app = await openApp(path.join(dir, 'data'), 'browser');
  });
  afterEach(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one file per note with front matter that parses back, in topic folders, with unique names', async () => {
    const topic = await app.core.createTopic({
      name: 'Seeker: co-development',
      partners: ['Fraunhofer FHR', 'KAIST'],
    });
    const body = '# Minutes\n\n---\nnot: front matter\n---\r\nÜberprüfung ✓ 🚀 שלום\n';
    const a = await app.core.createNote({
      topicId: topic.id,
      title: 'Kick-off',
      body,
      tags: ['partner/kaist', 'activity/meeting'],
    });
    await app.core.createNote({ topicId: topic.id, title: 'kick-off', body: 'second' });
    await app.core.createNote({ title: '', body: 'inbox jot' });
    await app.core.updateNote({ id: a.id, pinned: true });
    const out = path.join(dir, 'out');
    const report = await exportNotes(app.core.store.get(), { kind: 'all' }, out);
    expect(report).toMatchObject({ files: 3, notes: 3, topics: 2 });
    expect((await readdir(out)).sort()).toEqual(['Inbox', 'Seeker co-development']);
    const files = (await readdir(path.join(out, 'Seeker co-development'))).sort();
    expect(files).toEqual(['Kick-off.md', 'kick-off (2).md']);
    const text = await readFile(path.join(out, 'Seeker co-development', 'Kick-off.md'), 'utf8');
    const parsed = parseNoteFile(text);
    // An unmarked note counts as the scheme's default (INTERNAL): banner above and below the text.
    expect(parsed.body.startsWith('**INTERNAL**\n\n')).toBe(true);
    expect(parsed.body.endsWith('\n\n**INTERNAL**\n')).toBe(true);
    expect(stripBanners(parsed.body, { level: 'INTERNAL', releasableTo: [] })).toBe(body);
    const fm = YAML.parse(text.split('---\n')[1]!) as Record<string, unknown>;
    const note = app.core.getNote(a.id);
    expect(fm).toEqual({
      id: a.id,
      title: 'Kick-off',
      topic: 'Seeker: co-development',
      partners: ['Fraunhofer FHR', 'KAIST'],
      tags: ['activity/meeting', 'partner/kaist'],
      created: note.createdAt,
      updated: note.updatedAt,
      pinned: true,
      marking: 'INTERNAL',
      releasable_to: [],
    });
    expect(await readdir(path.join(out, 'Inbox'))).toEqual(['inbox jot.md']);
  });

  it('exports one topic or one note, never overwriting existing files, and leaves no staging folder', async () => {
    const topic = await app.core.createTopic({ name: 'Exchange' });
    const n = await app.core.createNote({ topicId: topic.id, title: 'Plan' });
    await app.core.createNote({ title: 'Elsewhere' });
    const out = path.join(dir, 'out');
    expect((await exportNotes(app.core.store.get(), { kind: 'topic', id: topic.id }, out)).files).toBe(1);
    expect((await exportNotes(app.core.store.get(), { kind: 'note', id: n.id }, out)).files).toBe(1);
    expect((await readdir(path.join(out, 'Exchange'))).sort()).toEqual(['Plan (2).md', 'Plan.md']);
    expect(await readdir(out)).toEqual(['Exchange']);
  });

  it('reports a folder it cannot write to, and writes nothing', async () => {
    await app.core.createNote({ title: 'x' });
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'I am a file');
    await expect(
      exportNotes(app.core.store.get(), { kind: 'all' }, path.join(blocker, 'sub')),
    ).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: expect.stringMatching(/Cannot write to .*Choose another folder/),
    });
    if (process.platform === 'linux') {
      // Node's own recursive mkdir never returns here; ours must fail fast.
      await expect(
        exportNotes(app.core.store.get(), { kind: 'all' }, '/proc/dossier-export-test/x'),
      ).rejects.toMatchObject({ code: 'IO_ERROR' });
    }
    await expect(
      exportNotes(app.core.store.get(), { kind: 'note', id: 'missing' }, path.join(dir, 'o')),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
