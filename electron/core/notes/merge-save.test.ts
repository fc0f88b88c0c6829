import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { openApp, type OpenedApp } from '../../shell/open-app.js';
import { mergeTags, mergeText } from './merge-save.js';

describe('three-way merge of a stale save', () => {
  it('applies changes to different lines from both sides, and keeps both where they clash', () => {
    expect(mergeText('a\nb\nc', 'a\nb\nc\nmine', 'theirs\na\nb\nc')).toEqual({
      text: 'theirs\na\nb\nc\nmine',
      conflict: false,
    });
    const r = mergeText('a\nb\nc', 'a\nB mine\nc', 'a\nB theirs\nc');
    expect(r.conflict).toBe(true);
    expect(r.text).toBe('a\n<<<<<<< yours\nB mine\n=======\nB theirs\n>>>>>>> changed elsewhere\nc');
  });

  it('merges tags as sets', () => {
    expect(mergeTags(['a', 'b'], ['a', 'b', 'c'], ['b', 'x'])).toEqual(['b', 'c', 'x']);
    expect(mergeTags(['a', 'b'], ['b'], ['a', 'b', 'y'])).toEqual(['b', 'y']);
  });

  it('never drops a line either side added (property)', () => {
    const lines = fc.array(fc.constantFrom('alpha', 'beta', 'gamma', 'delta', ''), { maxLength: 6 });
    fc.assert(
      fc.property(lines, lines, lines, (base, mineExtra, theirsExtra) => {
        const b = base.join('\n');
        const mine = [...base, ...mineExtra.map((l) => `mine ${l}`)].join('\n');
        const theirs = [...theirsExtra.map((l) => `theirs ${l}`), ...base].join('\n');
        const r = mergeText(b, mine, theirs);
        const out = r.text.split('\n');
        for (const l of [...mineExtra.map((x) => `mine ${x}`), ...theirsExtra.map((x) => `theirs ${x}`)])
          expect(out).toContain(l);
      }),
    );
  });
});

describe('notes.update with a base version (real core)', () => {
  let dir: string;
  let app: OpenedApp;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-merge-'));
    app = await openApp(dir, 'browser');
  });
  afterEach(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a save based on the version before a tag rename keeps the renamed tag and the typing', async () => {
    const n = await app.core.createNote({ title: 'Visit', body: 'one', tags: ['partner/onera', 'x'] });
    await app.core.renameTag('partner/onera', 'onera-dtis');
    const saved = await app.core.updateNote({
      id: n.id,
      title: 'Visit',
      body: 'one\ntwo',
      tags: ['partner/onera', 'x'],
      baseVersion: n.version,
    });
    expect(saved).toMatchObject({ body: 'one\ntwo', tags: ['onera-dtis', 'x'] });
    expect(saved.merge).toEqual({ fields: [], conflict: false });
    expect(saved.version).toBeGreaterThan(n.version);
    expect(app.core.listTags().all.map((t) => t.tag)).not.toContain('partner/onera');
  });

  it('two windows editing the same line keep both texts with markers and say so', async () => {
    const n = await app.core.createNote({ title: 'T', body: 'intro\nstatus: open\nend' });
    const other = await app.core.updateNote({
      id: n.id,
      body: 'intro\nstatus: closed\nend',
      baseVersion: n.version,
    });
    expect(other.merge).toBeUndefined();
    const mine = await app.core.updateNote({
      id: n.id,
      body: 'intro\nstatus: waiting\nend\nmore',
      baseVersion: n.version,
    });
    expect(mine.merge).toEqual({ fields: ['body'], conflict: true });
    expect(mine.body).toContain('status: waiting');
    expect(mine.body).toContain('status: closed');
    expect(mine.body).toContain('<<<<<<< yours');
    // A save on the current version is not merged.
    const clean = await app.core.updateNote({ id: n.id, body: 'resolved', baseVersion: mine.version });
    expect(clean.merge).toBeUndefined();
    expect(clean.body).toBe('resolved');
  });

  it('a title changed on both sides keeps the save’s title and shows the other in the body', async () => {
    const n = await app.core.createNote({ title: 'Kick-off', body: 'b' });
    await app.core.updateNote({ id: n.id, title: 'Kick-off Daejeon', baseVersion: n.version });
    const r = await app.core.updateNote({
      id: n.id,
      title: 'Kick-off KAIST',
      body: 'b',
      baseVersion: n.version,
    });
    expect(r.title).toBe('Kick-off KAIST');
    expect(r.merge?.conflict).toBe(true);
    expect(r.body).toContain('Kick-off Daejeon');
  });

  it('with a base it no longer knows (a page from before a restart) a differing body is kept as a conflict', async () => {
    const n = await app.core.createNote({ title: 'T', body: 'server text' });
    const r = await app.core.updateNote({ id: n.id, body: 'page text', baseVersion: 1 });
    expect(r.merge?.conflict).toBe(true);
    expect(r.body).toContain('server text');
    expect(r.body).toContain('page text');
  });
});
