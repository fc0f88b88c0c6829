import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../shell/open-app.js';
import { linearFilter } from './search/filter.js';
import { DossierError } from '../domain/errors.js';

// The core against a real store in a temp dir.

let dir: string;
let app: OpenedApp;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-core-'));
  app = await openApp(dir, 'browser');
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function reopen(): Promise<void> {
  await app.close();
  app = await openApp(dir, 'browser');
}

describe('topics', () => {
  it('creates, renames and edits a topic, and keeps names unique case-insensitively', async () => {
    const t = await app.core.createTopic({
      name: '  Interceptor   seeker co-development ',
      partners: ['Fraunhofer FHR', ' KAIST', 'kaist', ''],
    });
    expect(t.name).toBe('Interceptor seeker co-development');
    expect(t.partners).toEqual(['Fraunhofer FHR', 'KAIST']);
    expect(t.status).toBe('active');
    await expect(app.core.createTopic({ name: 'INTERCEPTOR seeker CO-development' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(app.core.createTopic({ name: '   ' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const other = await app.core.createTopic({
      name: 'Radar signal processing exchange 2026',
      status: 'planned',
    });
    await expect(
      app.core.updateTopic({ id: other.id, name: 'interceptor seeker co-development' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const renamed = await app.core.updateTopic({
      id: t.id,
      name: 'Seeker co-development',
      status: 'concluded',
      description: 'Ka-band',
    });
    expect(renamed).toMatchObject({
      name: 'Seeker co-development',
      status: 'concluded',
      description: 'Ka-band',
    });
    await reopen();
    expect(app.core.listTopics().map((x) => x.name)).toEqual([
      'Radar signal processing exchange 2026',
      'Seeker co-development',
    ]);
  });

  it('deletes an empty topic, but one with notes only when confirmed', async () => {
    const t = await app.core.createTopic({ name: 'Coastal-defence symposium' });
    await app.core.createNote({ topicId: t.id, title: 'Call for papers' });
    const err = await app.core.deleteTopic(t.id, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DossierError);
    expect((err as DossierError).code).toBe('CONFLICT');
    expect((err as DossierError).details?.noteCount).toBe(1);
    expect(app.core.listTopics()).toHaveLength(1);
    expect(await app.core.deleteTopic(t.id, true)).toEqual({ deletedNotes: 1, undoId: expect.any(Number) });
    expect(app.core.listTopics()).toHaveLength(0);
    expect(app.core.listNotes({}).total).toBe(0);
    expect(app.core.listNotes({ trash: true }).total).toBe(1);
    const empty = await app.core.createTopic({ name: 'Empty topic' });
    expect(await app.core.deleteTopic(empty.id, false)).toEqual({
      deletedNotes: 0,
      undoId: expect.any(Number),
    });
  });

  it('counts notes per topic in the sidebar list', async () => {
    const a = await app.core.createTopic({ name: 'A' });
    await app.core.createNote({ topicId: a.id });
    await app.core.createNote({ topicId: a.id });
    const n = await app.core.createNote({});
    await app.core.deleteNote(n.id);
    expect(app.core.listTopics()[0]?.noteCount).toBe(2);
  });
});

describe('notes', () => {
  it('creates, edits, pins and persists notes; an unchanged edit does not bump updatedAt', async () => {
    const n = await app.core.createNote({
      title: '',
      body: '# Kick-off\nminutes',
      tags: ['Activity/Meeting', 'activity/meeting'],
    });
    expect(n.tags).toEqual(['activity/meeting']);
    expect(n.topicId).toBeNull();
    const same = await app.core.updateNote({ id: n.id, body: n.body });
    expect(same).toEqual(n);
    expect(same.version).toBe(n.version);
    const pinned = await app.core.updateNote({ id: n.id, pinned: true, title: 'Kick-off' });
    expect(pinned.pinned).toBe(true);
    await reopen();
    expect(app.core.getNote(n.id)).toMatchObject({
      title: 'Kick-off',
      pinned: true,
      tags: ['activity/meeting'],
    });
  });

  it('rejects an illegal tag with a clear message and writes nothing', async () => {
    const before = await readFile(app.core.store.filePath, 'utf8').catch(() => '');
    await expect(app.core.createNote({ tags: ['review:legal'] })).rejects.toThrow(
      /characters a tag cannot hold/,
    );
    expect(await readFile(app.core.store.filePath, 'utf8').catch(() => '')).toBe(before);
  });

  it('refuses a note in a missing topic', async () => {
    await expect(app.core.createNote({ topicId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deletes to the trash and undoes the deletion', async () => {
    const n = await app.core.createNote({ title: 'Trip report Daejeon' });
    const { label } = await app.core.deleteNote(n.id);
    expect(label).toContain('Trip report Daejeon');
    expect(() => app.core.getNote(n.id)).toThrow(/no longer exists/);
    expect(app.core.peekUndo().label).toBe(label);
    await app.core.runUndo();
    expect(app.core.getNote(n.id).deletedAt).toBeUndefined();
    await expect(app.core.runUndo()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('filtering', () => {
  async function seed() {
    const seeker = await app.core.createTopic({ name: 'Seeker' });
    const exchange = await app.core.createTopic({ name: 'Exchange' });
    const a = await app.core.createNote({
      topicId: seeker.id,
      title: 'Überprüfung der Radar-Schnittstelle',
      body: 'Doppler clutter',
      tags: ['partner/kaist', 'tech/radar'],
    });
    const b = await app.core.createNote({
      topicId: seeker.id,
      title: 'Propulsion review',
      body: 'motor test',
      tags: ['partner/fraunhofer', 'tech/propulsion'],
    });
    const c = await app.core.createNote({
      topicId: exchange.id,
      title: 'Secondment plan',
      body: 'radar engineers to Daejeon',
      tags: ['partner/kaist', 'activity/exchange'],
    });
    const d = await app.core.createNote({ title: 'Inbox jot', body: 'uberprufung pending', tags: [] });
    return { seeker, exchange, a, b, c, d };
  }
  const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id).sort();

  it('filters by topic, inbox, tags (all must match, parents include children) and folded text', async () => {
    const { seeker, a, b, c, d } = await seed();
    expect(ids(app.core.listNotes({ topicId: seeker.id }))).toEqual([a.id, b.id].sort());
    expect(ids(app.core.listNotes({ topicId: 'inbox' }))).toEqual([d.id]);
    expect(ids(app.core.listNotes({ tags: ['partner'] }))).toEqual([a.id, b.id, c.id].sort());
    expect(ids(app.core.listNotes({ tags: ['partner/kaist', 'tech'] }))).toEqual([a.id]);
    expect(ids(app.core.listNotes({ text: 'RADAR' }))).toEqual([a.id, c.id].sort());
    expect(ids(app.core.listNotes({ text: 'uberprufung' }))).toEqual([a.id, d.id].sort());
    expect(ids(app.core.listNotes({ text: 'radar', tags: ['activity'], topicId: undefined }))).toEqual([
      c.id,
    ]);
    expect(ids(app.core.listNotes({ text: 'radar', topicId: seeker.id }))).toEqual([a.id]);
  });

  it('sorts pinned first, then by the chosen key, and pages', async () => {
    const { a, b, c, d } = await seed();
    await app.core.updateNote({ id: c.id, pinned: true });
    const byTitle = app.core.listNotes({}, 'title');
    expect(byTitle.items.map((i) => i.id)).toEqual([c.id, d.id, b.id, a.id]);
    const page = app.core.listNotes({}, 'title', 1, 2);
    expect(page.total).toBe(4);
    expect(page.items.map((i) => i.id)).toEqual([d.id, b.id]);
    const created = app.core.listNotes({}, 'created').items.map((i) => i.id);
    expect(created[0]).toBe(c.id);
  });

  it('the linear scan agrees with listNotes for plain words', async () => {
    await seed();
    for (const text of ['radar', 'motor', 'zzz', 'Daejeon']) {
      expect(app.core.listNotes({ text }).total).toBe(linearFilter(app.core.store.get(), { text }).length);
    }
  });
});

describe('tags list', () => {
  it('builds a nested tree with counts where a parent counts each note once', async () => {
    await app.core.createNote({ tags: ['partner/kaist', 'partner/fraunhofer'] });
    await app.core.createNote({ tags: ['partner/kaist'] });
    const { tree, all } = app.core.listTags();
    const partner = tree.find((n) => n.tag === 'partner');
    expect(partner?.count).toBe(2);
    expect(partner?.children.map((c) => [c.name, c.count])).toEqual([
      ['fraunhofer', 1],
      ['kaist', 2],
    ]);
    expect(all[0]).toEqual({ tag: 'partner/kaist', count: 2 });
  });
});

describe('sample data', () => {
  it('loads the shipped sample set once per topic name', async () => {
    const r = await app.core.loadSample();
    expect(r.topics).toBe(3);
    expect(r.notes).toBeGreaterThanOrEqual(12);
    expect(app.core.listTags().all.length).toBeGreaterThan(5);
    const again = await app.core.loadSample();
    expect(again).toEqual({ topics: 0, notes: 0 });
  });
});

describe('tag management', () => {
  async function seed() {
    const a = await app.core.createNote({
      title: 'A',
      tags: ['partner/kaist', 'partner/kaist/people', 'tech/radar'],
    });
    const b = await app.core.createNote({ title: 'B', tags: ['partner/kaist-daejeon'] });
    const c = await app.core.createNote({ title: 'C', tags: ['tech/radar'] });
    return { a, b, c };
  }
  const tagsOf = (id: string) => app.core.getNote(id).tags;

  it('renames a tag with its children (not lookalike prefixes), survives reopen, and undoes', async () => {
    const { a, b } = await seed();
    const updatedBefore = app.core.getNote(a.id).updatedAt;
    const r = await app.core.renameTag('partner/kaist', 'Partner/KAIST Daejeon');
    expect(r).toMatchObject({ notes: 1, label: expect.stringContaining('Rename tag') });
    expect(tagsOf(a.id)).toEqual(['partner/kaist-daejeon', 'partner/kaist-daejeon/people', 'tech/radar']);
    expect(tagsOf(b.id)).toEqual(['partner/kaist-daejeon']);
    expect(app.core.getNote(a.id).updatedAt).toBe(updatedBefore);
    expect(app.core.listNotes({ text: 'tag:partner/kaist-daejeon' }).total).toBe(2);
    await reopen();
    expect(tagsOf(a.id)).toEqual(['partner/kaist-daejeon', 'partner/kaist-daejeon/people', 'tech/radar']);
    await app.core.renameTag('tech', 'technology');
    expect(app.core.peekUndo().label).toMatch(/Rename tag tech/);
    await app.core.runUndo();
    expect(tagsOf(a.id)).toContain('tech/radar');
  });

  it('merges two tags, deletes a tag everywhere, each undoable', async () => {
    const { a, b, c } = await seed();
    expect((await app.core.mergeTags('partner/kaist-daejeon', 'partner/kaist')).notes).toBe(1);
    expect(tagsOf(b.id)).toEqual(['partner/kaist']);
    expect((await app.core.deleteTag('tech')).notes).toBe(2);
    expect(tagsOf(c.id)).toEqual([]);
    expect(tagsOf(a.id)).toEqual(['partner/kaist', 'partner/kaist/people']);
    expect(app.core.listTags().all.map((t) => t.tag)).not.toContain('tech/radar');
    await app.core.runUndo();
    expect(tagsOf(c.id)).toEqual(['tech/radar']);
    await app.core.runUndo();
    expect(tagsOf(b.id)).toEqual(['partner/kaist-daejeon']);
  });

  it('refuses unknown, illegal and self-nesting renames without changing anything', async () => {
    const { a } = await seed();
    const before = app.core.store.get();
    await expect(app.core.renameTag('nope', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.core.renameTag('tech', 'tech/radar/old')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(app.core.renameTag('tech', 'a:b')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(app.core.mergeTags('tech', 'missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(app.core.store.get()).toBe(before);
    expect(tagsOf(a.id)).toContain('tech/radar');
  });
});

describe('saved searches', () => {
  it('creates, renames, lists A→Z, refuses duplicates, deletes, and persists', async () => {
    const s = await app.core.createSavedSearch({
      name: ' Open KAIST actions ',
      query: 'tag:partner/kaist tag:status/action-needed',
    });
    await app.core.createSavedSearch({ name: 'Abstracts due', query: 'title:abstract updated:<30d' });
    await expect(
      app.core.createSavedSearch({ name: 'open kaist actions', query: 'x' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await app.core.updateSavedSearch({ id: s.id, query: 'partner:kaist' });
    await reopen();
    expect(app.core.listSavedSearches().map((x) => [x.name, x.query])).toEqual([
      ['Abstracts due', 'title:abstract updated:<30d'],
      ['Open KAIST actions', 'partner:kaist'],
    ]);
    await app.core.deleteSavedSearch(s.id);
    await expect(app.core.deleteSavedSearch(s.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(app.core.listSavedSearches()).toHaveLength(1);
  });
});
