import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OpenedApp } from '../../shell/open-app.js';
import { DossierError } from '../../domain/errors.js';

// Undo as inverse operations (issue 10), against the real core and store in a temp dir.

let dir: string;
let app: OpenedApp;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-undo-'));
  app = await openApp(path.join(dir, 'data'), 'browser');
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (id: string) => app.core.getNote(id);

async function markdownFolder(files: Record<string, string>): Promise<string> {
  const root = path.join(dir, `src-${Math.random().toString(36).slice(2)}`);
  await mkdir(root, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text);
  return root;
}

describe('undo of tag changes', () => {
  it('renames back only where the new tag is still there, and keeps text typed after the rename', async () => {
    const a = await app.core.createNote({
      title: 'Visit',
      body: 'one',
      tags: ['partner/onera', 'tech/radar'],
    });
    const b = await app.core.createNote({ title: 'Call', body: 'x', tags: ['partner/onera/people'] });
    const c = await app.core.createNote({ title: 'Other', body: 'y', tags: ['partner/onera'] });
    await app.core.renameTag('partner/onera', 'onera-dtis');
    expect(get(b.id).tags).toEqual(['onera-dtis/people']);
    await app.core.updateNote({ id: a.id, body: 'one\ntyped after the rename' });
    await app.core.updateNote({ id: c.id, tags: ['kept-by-hand'] });

    const peek = app.core.peekUndo();
    expect(peek.label).toBe('Rename tag partner/onera to onera-dtis');
    expect(peek.needsConfirm).toBe(false);
    expect(peek.conflicts).toEqual(['1 note no longer carries the tag onera-dtis; left as it is.']);
    const r = await app.core.runUndo();
    expect(r.conflicts).toHaveLength(1);

    expect(get(a.id)).toMatchObject({
      body: 'one\ntyped after the rename',
      tags: ['partner/onera', 'tech/radar'],
    });
    expect(get(b.id).tags).toEqual(['partner/onera/people']);
    expect(get(c.id).tags).toEqual(['kept-by-hand']);
  });

  it('undoes a merge without dropping the target from notes that had both', async () => {
    const both = await app.core.createNote({ body: 'b', tags: ['partner/kaist', 'partner/kaist-daejeon'] });
    const src = await app.core.createNote({ body: 's', tags: ['partner/kaist'] });
    const tgt = await app.core.createNote({ body: 't', tags: ['partner/kaist-daejeon'] });
    await app.core.mergeTags('partner/kaist', 'partner/kaist-daejeon');
    expect(get(both.id).tags).toEqual(['partner/kaist-daejeon']);
    await app.core.updateNote({ id: src.id, tags: ['partner/kaist-daejeon', 'review/legal'] });
    await app.core.runUndo();
    expect(get(both.id).tags).toEqual(['partner/kaist', 'partner/kaist-daejeon']);
    expect(get(src.id).tags).toEqual(['partner/kaist', 'review/legal']);
    expect(get(tgt.id).tags).toEqual(['partner/kaist-daejeon']);
  });

  it('undoes a remove by adding the tag back, whatever else changed since', async () => {
    const n = await app.core.createNote({ title: 'T', body: 'b', tags: ['status/draft', 'tech/radar'] });
    await app.core.deleteTag('status');
    await app.core.updateNote({ id: n.id, title: 'Edited', tags: ['tech/radar', 'tech/sonar'] });
    await app.core.runUndo();
    expect(get(n.id)).toMatchObject({ title: 'Edited', tags: ['status/draft', 'tech/radar', 'tech/sonar'] });
  });
});

describe('undo of deletes', () => {
  it('restores the note as it was deleted, with changes that reached the trash since', async () => {
    const n = await app.core.createNote({ title: 'Minutes', body: 'final words', tags: ['partner/onera'] });
    await app.core.deleteNote(n.id);
    await app.core.renameTag('partner/onera', 'onera-dtis');
    // The rename is newer: undo takes it back first, then the delete.
    expect(app.core.peekUndo().label).toMatch(/^Rename tag/);
    await app.core.runUndo();
    await app.core.runUndo();
    expect(get(n.id)).toMatchObject({ title: 'Minutes', body: 'final words', tags: ['partner/onera'] });
    expect(get(n.id).deletedAt).toBeUndefined();
  });

  it('brings a note back even after the trash was emptied, and says when it was restored already', async () => {
    const n = await app.core.createNote({ title: 'Gone', body: 'text' });
    const del = await app.core.deleteNote(n.id);
    await app.core.emptyTrash();
    await app.core.runUndo(); // empty trash
    await app.core.restoreFromTrash('note', n.id);
    expect(app.core.peekUndo()).toMatchObject({
      id: del.undoId,
      conflicts: ['1 note was restored from the trash already.'],
    });
    await app.core.runUndo();
    expect(get(n.id).body).toBe('text');
  });

  it('refuses to undo a step that a newer one superseded', async () => {
    const n = await app.core.createNote({ title: 'A', tags: ['x'] });
    const first = await app.core.deleteTag('x');
    await app.core.deleteNote(n.id);
    const err = await app.core.runUndo({ id: first.undoId! }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DossierError);
    expect((err as DossierError).details).toMatchObject({ superseded: true });
    expect(get.bind(null, n.id)).toThrow();
  });
});

describe('undo of an import', () => {
  it('removes what it added; an imported note edited since needs confirmation and then goes to the trash', async () => {
    const src = await markdownFolder({
      'a.md': '---\ntitle: Alpha\ntopic: Seeker\n---\nalpha body',
      'b.md': '---\ntitle: Beta\ntopic: Seeker\n---\nbeta body',
    });
    const r = await app.core.runImport(src);
    expect(r.added).toBe(2);
    const ids = app.core.listNotes({}).items.map((i) => i.id);
    const alpha = ids.find((id) => get(id).title === 'Alpha')!;
    const beta = ids.find((id) => get(id).title === 'Beta')!;
    await app.core.updateNote({ id: alpha, body: 'alpha body\nmy notes from the meeting' });

    const peek = app.core.peekUndo();
    expect(peek.needsConfirm).toBe(true);
    expect(peek.conflicts[0]).toMatch(/1 imported note was edited since/);
    const refused = await app.core.runUndo().catch((e: unknown) => e);
    expect((refused as DossierError).details).toMatchObject({ needsConfirm: true });
    expect(get(alpha).body).toContain('my notes');

    await app.core.runUndo({ confirm: true });
    expect(app.core.store.get().notes.get(beta)).toBeUndefined();
    const trashed = app.core.store.get().notes.get(alpha)!;
    expect(trashed.deletedAt).toBeDefined();
    expect(trashed.body).toBe('alpha body\nmy notes from the meeting');
    // The topic stays (in the trash with the note) so restoring the note keeps its topic.
    expect(app.core.listTopics()).toHaveLength(0);
    await app.core.restoreFromTrash('note', alpha);
    expect(app.core.listTopics().map((t) => t.name)).toEqual(['Seeker']);
  });

  it('removes an untouched import and its topic without asking', async () => {
    const src = await markdownFolder({ 'a.md': '---\ntitle: Alpha\ntopic: Seeker\n---\nalpha' });
    await app.core.runImport(src);
    expect(app.core.peekUndo()).toMatchObject({ needsConfirm: false, conflicts: [] });
    await app.core.runUndo();
    expect(app.core.listNotes({}).total).toBe(0);
    expect(Object.keys(app.core.store.get().topics)).toEqual([]);
  });
});

describe('undo of a backup restore', () => {
  it('puts back what the restore replaced, except notes edited after the restore', async () => {
    const a = await app.core.createNote({ title: 'A', body: 'a1' });
    const b = await app.core.createNote({ title: 'B', body: 'b1' });
    await app.core.store.flush();
    const { snapshotData } = await import('../../store/backups.js');
    await snapshotData(app.core.store.dataDir, app.core.store.get(), 'manual', new Date());
    await app.core.updateNote({ id: a.id, body: 'a2' });
    await app.core.updateNote({ id: b.id, body: 'b2' });
    const backups = await app.core.listBackups();
    const named = backups.find((x) => x.name.includes('manual'))!;
    await app.core.restoreBackup(named.name);
    expect(get(a.id).body).toBe('a1');
    // The versions the restore replaced are in the history.
    await app.core.historyIdle();
    expect((await app.core.listRevisions(a.id)).at(-1)?.body).toBe('a2');
    await app.core.updateNote({ id: b.id, body: 'b1 edited after the restore' });
    const peek = app.core.peekUndo();
    expect(peek.conflicts).toEqual(['1 note changed since; kept as it is now.']);
    await app.core.runUndo();
    expect(get(a.id).body).toBe('a2');
    expect(get(b.id).body).toBe('b1 edited after the restore');
  });
});
