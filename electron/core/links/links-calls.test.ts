import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../shell/open-app.js';
import { call, dispatch } from '../../shell/dispatch.js';
import { LINK_CACHE_FILE } from './link-cache.js';

// The link, property and template calls through the contract (zod at the boundary), on a real store.

let dir: string;
let app: OpenedApp;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-links-'));
  app = await openApp(dir, 'browser');
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function seed() {
  const seeker = await call(app.api, 'topics.create', {
    name: 'Seeker',
    partners: ['Hanbit Aerospace', 'KAIST'],
  });
  const radar = await call(app.api, 'topics.create', { name: 'Radar' });
  const kickS = await call(app.api, 'notes.create', {
    topicId: seeker.id,
    title: 'Kick-off meeting',
    body: '# Kick-off\n\n## Decisions\nRadome first ^d1\n',
  });
  const kickR = await call(app.api, 'notes.create', {
    topicId: radar.id,
    title: 'Kick-off meeting',
    body: 'radar kick-off',
  });
  const actions = await call(app.api, 'notes.create', {
    topicId: seeker.id,
    title: 'Action list',
    body: 'Open points.',
  });
  const minutes = await call(app.api, 'notes.create', {
    topicId: seeker.id,
    title: 'Minutes 4 March',
    body: 'We met again. Follow-ups are in [[Action list]] as agreed. See [[Kick-off meeting#Decisions]] and ![[kick-off meeting#^d1]].\nThe action list grows.\n```\n[[Action list]]\n```\n',
  });
  return { seeker, radar, kickS, kickR, actions, minutes };
}

describe('links through the contract', () => {
  it('backlinks with context, outgoing with status, anchors, completion and resolution', async () => {
    const s = await seed();
    const back = await call(app.api, 'links.backlinks', { id: s.actions.id });
    expect(back).toEqual([
      {
        note: { id: s.minutes.id, title: 'Minutes 4 March', topicId: s.seeker.id },
        items: [expect.objectContaining({ context: 'Follow-ups are in [[Action list]] as agreed.' })],
      },
    ]);
    // Same title in two topics: the Seeker minutes link the Seeker kick-off.
    expect((await call(app.api, 'links.backlinks', { id: s.kickS.id }))[0]!.items).toHaveLength(2);
    expect(await call(app.api, 'links.backlinks', { id: s.kickR.id })).toEqual([]);
    const out = await call(app.api, 'links.outgoing', { id: s.minutes.id });
    expect(out.map((l) => [l.target, l.status, l.noteId, l.anchorFound])).toEqual([
      ['Action list', 'resolved', s.actions.id, null],
      ['Kick-off meeting', 'resolved', s.kickS.id, true],
      ['kick-off meeting', 'resolved', s.kickS.id, true],
    ]);
    const inbox = await call(app.api, 'notes.create', {
      title: 'Loose',
      body: '[[Kick-off meeting]] [[Nowhere]]',
    });
    const loose = await call(app.api, 'links.outgoing', { id: inbox.id });
    expect(loose.map((l) => l.status)).toEqual(['ambiguous', 'unresolved']);
    expect(loose[0]!.candidates.map((c) => c.id).sort()).toEqual([s.kickS.id, s.kickR.id].sort());
    expect(
      await call(app.api, 'links.resolve', { target: 'action LIST#Open', fromId: inbox.id }),
    ).toMatchObject({ status: 'resolved', noteId: s.actions.id });
    expect((await call(app.api, 'links.anchors', { id: s.kickS.id })).headings.map((h) => h.text)).toEqual([
      'Kick-off',
      'Decisions',
    ]);
    const done = await call(app.api, 'links.complete', { query: 'kick', fromId: s.minutes.id });
    expect(done.map((c) => c.id)).toEqual([s.kickS.id, s.kickR.id]);
    expect(done[1]!.insert).toBe('Radar/Kick-off meeting');
    const bad = await dispatch(app.api, 'links.complete', { query: 'x', limit: 0 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('mentions and link it; a stale mention is refused', async () => {
    const s = await seed();
    const mentions = await call(app.api, 'links.mentions', { id: s.actions.id });
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatchObject({
      note: { id: s.minutes.id },
      text: 'action list',
      context: 'The action list grows.',
    });
    const m = mentions[0]!;
    const saved = await call(app.api, 'links.linkIt', {
      sourceId: m.note.id,
      targetId: s.actions.id,
      offset: m.offset,
      length: m.length,
    });
    expect(saved.body).toContain('The [[Action list|action list]] grows.');
    expect(await call(app.api, 'links.mentions', { id: s.actions.id })).toEqual([]);
    expect((await call(app.api, 'links.backlinks', { id: s.actions.id }))[0]!.items).toHaveLength(2);
    const again = await dispatch(app.api, 'links.linkIt', {
      sourceId: m.note.id,
      targetId: s.actions.id,
      offset: m.offset,
      length: m.length,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('a rename updates every link in one undoable step that keeps later edits; delete reports what breaks', async () => {
    const s = await seed();
    expect(await call(app.api, 'notes.deleteImpact', { id: s.kickS.id })).toEqual({
      links: 2,
      notes: [{ id: s.minutes.id, title: 'Minutes 4 March', topicId: s.seeker.id }],
    });
    await call(app.api, 'notes.update', { id: s.kickS.id, title: 'Seeker kick-off' });
    expect(await call(app.api, 'links.retargetImpact', { id: s.kickS.id, from: 'Kick-off meeting' })).toEqual(
      { links: 2, notes: 1 },
    );
    const r = await call(app.api, 'links.retarget', { id: s.kickS.id, from: 'Kick-off meeting' });
    expect(r).toMatchObject({ links: 2, notes: 1, label: 'Update links to "Seeker kick-off"' });
    const after = await call(app.api, 'notes.get', { id: s.minutes.id });
    expect(after.body).toContain('See [[Seeker kick-off#Decisions]] and ![[Seeker kick-off#^d1]].');
    expect((await call(app.api, 'links.backlinks', { id: s.kickS.id }))[0]!.items).toHaveLength(2);
    // An edit made after the rewrite survives its undo.
    await call(app.api, 'notes.update', { id: s.minutes.id, body: after.body + '\nAdded later.' });
    expect(await call(app.api, 'undo.peek', {})).toMatchObject({ id: r.undoId, label: r.label });
    await call(app.api, 'undo.run', { id: r.undoId! });
    const undone = await call(app.api, 'notes.get', { id: s.minutes.id });
    expect(undone.body).toContain('See [[Kick-off meeting#Decisions]] and ![[kick-off meeting#^d1]].');
    expect(undone.body).toContain('Added later.');
    expect(await call(app.api, 'links.retargetImpact', { id: s.kickS.id, from: 'Kick-off meeting' })).toEqual(
      { links: 2, notes: 1 },
    );
  });

  it('query fields: linksto, linkedfrom, has:links, orphan, prop', async () => {
    const s = await seed();
    await call(app.api, 'notes.setProperties', {
      id: s.actions.id,
      changes: [
        { op: 'set', key: 'due', value: '2025-04-01' },
        { op: 'set', key: 'priority', value: 3 },
      ],
    });
    await call(app.api, 'notes.setProperties', {
      id: s.minutes.id,
      changes: [
        { op: 'set', key: 'due', value: '2025-03-10' },
        { op: 'set', key: 'participants', value: ['Dr. Kim', 'Ünal'] },
      ],
    });
    const titles = async (text: string) =>
      (await call(app.api, 'notes.list', { filter: { text }, sort: 'title' })).items.map((n) => n.title);
    expect(await titles('linksto:"Action list"')).toEqual(['Minutes 4 March']);
    expect(await titles('linkedfrom:"Minutes 4 March"')).toEqual(['Action list', 'Kick-off meeting']);
    expect(await titles('has:links')).toEqual(['Minutes 4 March']);
    expect(await titles('orphan:yes')).toEqual(['Kick-off meeting']);
    expect(await titles('prop:due')).toEqual(['Action list', 'Minutes 4 March']);
    expect(await titles('prop:due>2025-03-15')).toEqual(['Action list']);
    expect(await titles('prop:priority>=3')).toEqual(['Action list']);
    expect(await titles('prop:participants=ünal')).toEqual(['Minutes 4 March']);
    expect(await titles('-prop:due')).toEqual(['Kick-off meeting', 'Kick-off meeting']);
  });

  it('properties: set, rename, remove with typed values validated at the boundary', async () => {
    const s = await seed();
    const id = s.minutes.id;
    const set = await call(app.api, 'notes.setProperties', {
      id,
      changes: [
        { op: 'set', key: 'meeting-date', value: '2025-03-04' },
        { op: 'set', key: 'participants', value: ['Dr. Kim', 'Ünal'] },
        { op: 'set', key: 'approved', value: false },
        { op: 'set', key: 'ref', value: { doc: 'MoU-17', pages: [1, 2] } },
      ],
    });
    expect(set.properties).toEqual({
      'meeting-date': '2025-03-04',
      participants: ['Dr. Kim', 'Ünal'],
      approved: false,
      ref: { doc: 'MoU-17', pages: [1, 2] },
    });
    const renamed = await call(app.api, 'notes.setProperties', {
      id,
      changes: [
        { op: 'rename', key: 'ref', to: 'document' },
        { op: 'remove', key: 'approved' },
      ],
    });
    expect(Object.keys(renamed.properties!)).toEqual(['meeting-date', 'participants', 'document']);
    for (const bad of [
      { op: 'set', key: 'tags', value: 'x' },
      { op: 'set', key: '', value: 1 },
      { op: 'set', key: 'n', value: Number.NaN },
      { op: 'rename', key: 'missing', to: 'x' },
      { op: 'set', key: '__proto__', value: 1 },
    ]) {
      const r = await dispatch(app.api, 'notes.setProperties', { id, changes: [bad] });
      expect(r.ok).toBe(false);
    }
    expect((await call(app.api, 'notes.get', { id })).properties).toEqual(renamed.properties);
    expect(await call(app.api, 'properties.keys', {})).toEqual([
      { key: 'document', count: 1 },
      { key: 'meeting-date', count: 1 },
      { key: 'participants', count: 1 },
    ]);
  });

  it('templates: install the four, fill placeholders, default per topic, cursor offset', async () => {
    const s = await seed();
    const inst = await call(app.api, 'templates.install', {});
    expect(inst.added).toBe(4);
    expect((await call(app.api, 'templates.install', {})).added).toBe(0);
    const list = await call(app.api, 'templates.list', {});
    expect(list.templates.map((t) => t.title)).toEqual([
      "Exchange officer's weekly report",
      'Meeting minutes',
      'Partner visit report',
      'Trial log',
    ]);
    const minutes = list.templates.find((t) => t.title === 'Meeting minutes')!;
    await call(app.api, 'templates.setDefault', { topicId: s.seeker.id, templateId: minutes.id });
    expect((await call(app.api, 'templates.list', {})).defaults).toEqual({ [s.seeker.id]: minutes.id });
    const made = await call(app.api, 'notes.createFromTemplate', {
      topicId: s.seeker.id,
      title: 'Design review',
    });
    expect(made.note.title).toBe('Design review');
    expect(made.note.body).toContain('# Design review');
    expect(made.note.body).toContain('**Partners:** Hanbit Aerospace, KAIST');
    expect(made.note.body).not.toContain('{{');
    expect(made.note.body.slice(made.cursor - 2, made.cursor)).toBe('- ');
    expect(made.note.body.slice(0, made.cursor)).toContain('## Participants');
    expect(made.note.tags).toEqual(['activity/meeting']);
    expect(made.note.properties).toMatchObject({
      partner: 'Hanbit Aerospace, KAIST',
      'review-state': 'draft',
    });
    expect(made.note.properties!['meeting-date']).toMatch(/^\d{4}-\d\d-\d\d$/);
    const noDefault = await dispatch(app.api, 'notes.createFromTemplate', { topicId: s.radar.id });
    expect(noDefault).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const notTemplate = await dispatch(app.api, 'templates.setDefault', {
      topicId: s.radar.id,
      templateId: s.actions.id,
    });
    expect(notTemplate).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('the link index is cached beside the store and reused at the next open', async () => {
    const s = await seed();
    await call(app.api, 'links.backlinks', { id: s.actions.id });
    await app.close();
    const cached = JSON.parse(await readFile(path.join(dir, LINK_CACHE_FILE), 'utf8')) as {
      entries: unknown[];
    };
    expect(cached.entries).toHaveLength(4);
    app = await openApp(dir, 'browser');
    await app.core.startLinking();
    expect(app.core.links.restoredDocs).toBe(4);
    expect((await call(app.api, 'links.backlinks', { id: s.actions.id }))[0]!.note.id).toBe(s.minutes.id);
  });
});
