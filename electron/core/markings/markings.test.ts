import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../shell/open-app.js';
import { parseNoteFile } from '../export/front-matter.js';
import { DEFAULT_SCHEME, markingSchemeSchema } from '../../domain/marking-scheme.js';
import { EXPORT_LOG_FILE } from '../../store/export-log.js';
import type { Topic } from '../../domain/model.js';

let dir: string;
let app: OpenedApp;
let topic: Topic;
let ids: Record<string, string>;

/** A topic with two partners and five notes covering every way a note can (not) go to KAIST. */
async function seed(): Promise<void> {
  topic = await app.core.createTopic({
    name: 'Seeker co-development',
    partners: ['KAIST', 'Fraunhofer FHR'],
  });
  const other = await app.core.createTopic({ name: 'Radar exchange', partners: ['TNO'] });
  const make = async (title: string, topicId: string | null) =>
    (await app.core.createNote({ topicId, title, body: `${title} body` })).id;
  ids = {
    pub: await make('Public programme', topic.id),
    inherited: await make('Trip report', topic.id),
    relKaist: await make('Seeker test plan', topic.id),
    restricted: await make('Interceptor flaw', topic.id),
    otherPub: await make('TNO public note', other.id),
  };
  await app.core.setNoteMarking(ids.pub!, { marking: 'public' });
  await app.core.setNoteMarking(ids.relKaist!, { marking: 'PARTNER CONFIDENTIAL', releasableTo: ['kaist'] });
  await app.core.setNoteMarking(ids.restricted!, { marking: 'RESTRICTED' });
  await app.core.setNoteMarking(ids.otherPub!, { marking: 'PUBLIC' });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-markings-'));
  app = await openApp(path.join(dir, 'data'), 'browser');
  await seed();
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

const titles = (r: { items: { title: string }[] }) => r.items.map((n) => n.title).sort();

describe('marking scheme and resolution', () => {
  it('resolves note → topic default → scheme default, and keeps partner spelling from the topic', async () => {
    expect(app.core.getNote(ids.inherited!).marking).toBeUndefined();
    expect(app.core.getNote(ids.relKaist!).releasableTo).toEqual(['KAIST']);
    await app.core.setTopicMarking(topic.id, {
      marking: 'partner confidential',
      releasableTo: ['Fraunhofer FHR'],
    });
    const r = app.core.listNotes({ text: 'marking:partner rel:fraunhofer' });
    expect(titles(r)).toEqual(['Trip report']);
    await app.core.setTopicMarking(topic.id, { marking: null, releasableTo: null });
    expect(titles(app.core.listNotes({ text: 'marking:internal' }))).toEqual(['Trip report']);
  });

  it('refuses a level the scheme does not have and a partner the topic does not have', async () => {
    await expect(app.core.setNoteMarking(ids.pub!, { marking: 'SECRET' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(app.core.setNoteMarking(ids.pub!, { releasableTo: ['TNO'] })).rejects.toThrow(
      /not a partner/,
    );
    const inbox = await app.core.createNote({ title: 'jot' });
    await expect(app.core.setNoteMarking(inbox.id, { releasableTo: ['KAIST'] })).rejects.toThrow(/inbox/);
  });

  it('replaces the scheme with the organisation’s own, but not while a removed level is in use', () => {
    const own = markingSchemeSchema.parse({
      levels: [
        { name: 'open', colour: '#00aa00', shareable: true },
        { name: 'Company only', colour: '#aa0000', shareable: false },
      ],
      defaultLevel: 'company only',
      confirmAbove: 'OPEN',
    });
    expect(own.levels.map((l) => l.name)).toEqual(['OPEN', 'COMPANY ONLY']);
    return expect(app.core.setMarkingScheme(own)).rejects.toThrow(
      /PUBLIC \(2\).*RESTRICTED \(1\)|still in use/,
    );
  });

  it('rejects a scheme with duplicate names, a bad colour or a default that is not a level', () => {
    const base = { ...DEFAULT_SCHEME, levels: [...DEFAULT_SCHEME.levels] };
    expect(markingSchemeSchema.safeParse({ ...base, levels: [base.levels[0], base.levels[0]] }).success).toBe(
      false,
    );
    expect(
      markingSchemeSchema.safeParse({ ...base, levels: [{ name: 'X', colour: 'red', shareable: true }] })
        .success,
    ).toBe(false);
    expect(markingSchemeSchema.safeParse({ ...base, defaultLevel: 'NOPE' }).success).toBe(false);
  });

  it('records a marking change in the note history like any edit', async () => {
    await app.core.setNoteMarking(ids.inherited!, { marking: 'RESTRICTED' });
    await app.core.historyIdle();
    const revs = await app.core.listRevisions(ids.inherited!);
    expect(revs.at(-1)).toMatchObject({ title: 'Trip report' });
    expect(revs.at(-1)!.marking).toBeUndefined();
    await app.core.setNoteMarking(ids.inherited!, { marking: 'PUBLIC' });
    const again = await app.core.listRevisions(ids.inherited!);
    expect(again.at(-1)!.marking).toBe('RESTRICTED');
  });

  it('restoring a revision brings back its marking and releasability with its text', async () => {
    const id = ids.relKaist!;
    await app.core.updateNote({ id, body: 'Seeker test plan, revised for Fraunhofer' });
    await app.core.setNoteMarking(id, { marking: 'PUBLIC', releasableTo: ['Fraunhofer FHR'] });
    await app.core.historyIdle();
    const revs = await app.core.listRevisions(id);
    const planned = revs.find((r) => r.marking === 'PARTNER CONFIDENTIAL')!;
    expect(planned).toMatchObject({ releasableTo: ['KAIST'] });
    await app.core.setNoteMarking(id, { marking: 'RESTRICTED', releasableTo: null });
    await app.core.updateNote({ id, body: 'A later text' });
    const restored = await app.core.restoreRevision(id, planned.rev);
    expect(restored.body).toBe(planned.body);
    const note = app.core.store.get().notes[id]!;
    expect(note.marking).toBe('PARTNER CONFIDENTIAL');
    expect(note.releasableTo).toEqual(['KAIST']);
    // A revision that inherited its marking restores to inheriting again.
    await app.core.setNoteMarking(ids.inherited!, { marking: 'RESTRICTED' });
    await app.core.historyIdle();
    const first = (await app.core.listRevisions(ids.inherited!)).at(-1)!;
    await app.core.restoreRevision(ids.inherited!, first.rev);
    expect(app.core.store.get().notes[ids.inherited!]!.marking).toBeUndefined();
    // A partner since removed from the topic: refused before anything changes, not half restored.
    await app.core.updateTopic({ id: topic.id, partners: ['Fraunhofer FHR'] });
    const body = app.core.store.get().notes[id]!.body;
    await expect(app.core.restoreRevision(id, planned.rev)).rejects.toThrow(/KAIST|kaist/);
    expect(app.core.store.get().notes[id]!.body).toBe(body);
  });
});

describe('query and facets', () => {
  it('finds by level prefix, by order and by releasability', () => {
    expect(titles(app.core.listNotes({ text: 'marking:pub' }))).toEqual([
      'Public programme',
      'TNO public note',
    ]);
    expect(titles(app.core.listNotes({ text: 'marking:>=partner' }))).toEqual([
      'Interceptor flaw',
      'Seeker test plan',
    ]);
    expect(titles(app.core.listNotes({ text: 'marking:<internal' }))).toHaveLength(2);
    expect(titles(app.core.listNotes({ text: 'rel:kaist' }))).toEqual(['Seeker test plan']);
    expect(app.core.listNotes({ text: 'rel:none' }).total).toBe(4);
    expect(app.core.listNotes({ text: 'marking:restrcted' }).total).toBe(0);
  });

  it('counts results by marking in the scheme order', () => {
    const f = app.core.listNotes({}, 'updated', 0, 50, true).facets!;
    expect(f.markings.map((m) => [m.level, m.count])).toEqual([
      ['PUBLIC', 2],
      ['INTERNAL', 1],
      ['PARTNER CONFIDENTIAL', 1],
      ['RESTRICTED', 1],
    ]);
  });
});

describe('guarded export', () => {
  it('exports for a partner only what is releasable to it, with the reasons for the rest', async () => {
    const out = path.join(dir, 'for-kaist');
    const r = await app.core.exportMarkdown({ kind: 'all' }, out, {
      partner: 'KAIST',
      allowMarking: 'PARTNER CONFIDENTIAL',
    });
    expect(r).toMatchObject({ notes: 2, withheld: 3, partner: 'KAIST', highest: 'PARTNER CONFIDENTIAL' });
    expect(r.withheldByReason.map((w) => w.reason).sort()).toEqual([
      'INTERNAL: not releasable to KAIST',
      'PUBLIC, but KAIST is not a partner of its topic',
      'RESTRICTED: not releasable to KAIST',
    ]);
    const files = await readdir(path.join(out, 'Seeker co-development'));
    expect(files.sort()).toEqual(['Public programme.md', 'Seeker test plan.md']);
    const text = await readFile(path.join(out, 'Seeker co-development', 'Seeker test plan.md'), 'utf8');
    const { data, body } = parseNoteFile(text);
    expect(data).toMatchObject({ marking: 'PARTNER CONFIDENTIAL', releasable_to: ['KAIST'] });
    const banner = '**PARTNER CONFIDENTIAL // REL TO KAIST**';
    expect(body.split('\n')[0]).toBe(banner);
    expect(body.trimEnd().split('\n').at(-1)).toBe(banner);
  });

  it('refuses, writing nothing, an export above the confirmation level without allowMarking', async () => {
    const out = path.join(dir, 'all');
    await expect(app.core.exportMarkdown({ kind: 'all' }, out)).rejects.toMatchObject({
      code: 'CONFIRM_REQUIRED',
      details: { count: 2, highest: 'RESTRICTED' },
    });
    await expect(
      app.core.exportMarkdown({ kind: 'all' }, out, { allowMarking: 'PARTNER CONFIDENTIAL' }),
    ).rejects.toMatchObject({ code: 'CONFIRM_REQUIRED' });
    expect(await readdir(out).catch(() => [])).toEqual([]);
    expect(await app.core.exportLog()).toEqual([]);
    const ok = await app.core.exportMarkdown({ kind: 'all' }, out, { allowMarking: 'restricted' });
    expect(ok.notes).toBe(5);
  });

  it('check tells the counts before anything is written', () => {
    const c = app.core.checkExport({ kind: 'topic', id: topic.id }, 'Fraunhofer FHR');
    expect(c).toMatchObject({ included: 1, highest: 'PUBLIC', aboveConfirm: 0 });
    expect(c.withheld.map((w) => w.title).sort()).toEqual([
      'Interceptor flaw',
      'Seeker test plan',
      'Trip report',
    ]);
    expect(app.core.checkExport({ kind: 'all' })).toMatchObject({
      included: 5,
      aboveConfirm: 2,
      highest: 'RESTRICTED',
    });
  });

  it('a brief carries the highest marking of what it contains, at the top and the bottom', async () => {
    const out = path.join(dir, 'brief');
    const r = await app.core.exportMarkdown({ kind: 'topic', id: topic.id }, out, {
      format: 'brief',
      allowMarking: 'RESTRICTED',
    });
    const text = await readFile(path.join(out, r.written![0]!), 'utf8');
    const { data, body } = parseNoteFile(text);
    expect(data.marking).toBe('RESTRICTED');
    expect(body.split('\n')[0]).toBe('**RESTRICTED**');
    expect(body.trimEnd().split('\n').at(-1)).toBe('**RESTRICTED**');
    expect(body).toContain('*PARTNER CONFIDENTIAL // REL TO KAIST · created');
  });

  it('the browser-mode download and print are guarded and logged too', async () => {
    const a = await app.core.exportArchive({ kind: 'all' }, { partner: 'TNO' });
    expect(a).toMatchObject({ notes: 1, withheld: 4, highest: 'PUBLIC' });
    await expect(app.core.preparePrint({ kind: 'all' }, {})).rejects.toMatchObject({
      code: 'CONFIRM_REQUIRED',
    });
    const doc = await app.core.preparePrint({ kind: 'topic', id: topic.id }, { allowMarking: 'RESTRICTED' });
    expect(doc).toMatchObject({
      banner: 'RESTRICTED',
      highest: 'RESTRICTED',
      title: 'Seeker co-development — brief',
    });
    expect(doc.notes.map((n) => n.banner)).toContain('PARTNER CONFIDENTIAL // REL TO KAIST');
  });
});

describe('export log', () => {
  it('appends one durable line per export, newest first, and survives a torn last line', async () => {
    await app.core.exportMarkdown({ kind: 'note', id: ids.pub! }, path.join(dir, 'one'));
    await app.core.exportMarkdown({ kind: 'all' }, path.join(dir, 'tno'), { partner: 'TNO', format: 'zip' });
    const file = path.join(dir, 'data', EXPORT_LOG_FILE);
    await appendFile(file, '{"time":"2026-'); // a crash mid-append
    const log = await app.core.exportLog();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      format: 'zip',
      partner: 'TNO',
      included: 1,
      withheld: 4,
      highest: 'PUBLIC',
    });
    expect(log[1]).toMatchObject({
      scope: 'note "Public programme"',
      partner: null,
      included: 1,
      withheld: 0,
    });
    expect(log[1]!.destination).toBe(path.join(dir, 'one'));
    // Append-only: the earlier lines are byte-identical after another export.
    const before = await readFile(file, 'utf8');
    await app.core.exportArchive({ kind: 'note', id: ids.pub! }, {});
    expect((await readFile(file, 'utf8')).startsWith(before)).toBe(true);
  });
});

describe('older stores', () => {
  it('a version-1 store without any marking field opens and reads as the default scheme', async () => {
    const old = path.join(dir, 'v1');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(old, { recursive: true });
    await writeFile(
      path.join(old, 'dossier.json'),
      JSON.stringify({
        schemaVersion: 1,
        topics: {},
        notes: {
          n1: {
            id: 'n1',
            topicId: null,
            title: 'Old',
            body: 'b',
            tags: [],
            pinned: false,
            createdAt: '2024-01-01T00:00:00.000Z',
            updatedAt: '2024-01-01T00:00:00.000Z',
          },
        },
        savedSearches: {},
        settings: { trashRetentionDays: 30 },
      }),
    );
    const o = await openApp(old, 'browser');
    try {
      expect(o.core.markingScheme()).toEqual(DEFAULT_SCHEME);
      expect(o.core.listNotes({ text: 'marking:internal rel:none' }).total).toBe(1);
    } finally {
      await o.close();
    }
  });
});
