import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { useContractServer } from './harness.js';
import type { NoteListResult, NoteTitle, TopicSummary } from '../../electron/contract/index.js';

// The calls the palette, the search hints and the browser download use, over the real 127.0.0.1 server.

const web = useContractServer({ prefix: 'dossier-ux-contract-' });
const { call } = web;

describe('calls for the palette, search hints and downloads', () => {
  it('lists every live note title, newest first', async () => {
    await call('sample.load', {});
    const list = await call<NoteListResult>('notes.list', { filter: {}, limit: 1000 });
    const titles = await call<NoteTitle[]>('notes.titles', {});
    expect(titles.status).toBe(200);
    const got = titles.value!;
    expect(got.map((t) => t.id).sort()).toEqual(list.value!.items.map((n) => n.id).sort());
    expect(got.every((t) => t.title.length > 0)).toBe(true);
    // Newest first, and nothing but id and title.
    const byId = new Map(list.value!.items.map((n) => [n.id, n.updatedAt]));
    const stamps = got.map((t) => byId.get(t.id)!);
    expect([...stamps].sort().reverse()).toEqual(stamps);
    expect(Object.keys(got[0]!).sort()).toEqual(['id', 'title']);
    // A deleted note leaves the palette.
    await call('notes.delete', { id: got[0]!.id });
    const after = await call<NoteTitle[]>('notes.titles', {});
    expect(after.value!.map((t) => t.id)).not.toContain(got[0]!.id);
    // The trash can show it, read-only; a live note is not in the trash.
    const trashed = await call<{ id: string; deletedAt?: string }>('trash.get', { id: got[0]!.id });
    expect(trashed.value).toMatchObject({ id: got[0]!.id, deletedAt: expect.any(String) });
    expect((await call('trash.get', { id: got[1]!.id })).error?.code).toBe('NOT_FOUND');
  });

  it('returns a topic as a .zip of markdown files, only with the token', async () => {
    const topics = (await call<TopicSummary[]>('topics.list', {})).value!;
    const topic = topics.find((t) => t.noteCount > 1)!;
    const r = await call<{ name: string; notes: number; base64: string }>('export.archive', {
      scope: { kind: 'topic', id: topic.id },
    });
    expect(r.status).toBe(200);
    expect(r.value!.name).toMatch(/^Dossier export \d{4}-\d{2}-\d{2}\.zip$/);
    expect(r.value!.notes).toBe(topic.noteCount);
    const files = unzipSync(new Uint8Array(Buffer.from(r.value!.base64, 'base64')));
    const names = Object.keys(files);
    expect(names).toHaveLength(topic.noteCount);
    expect(names.every((n) => n.endsWith('.md') && !n.includes('..'))).toBe(true);
    expect(strFromU8(files[names[0]!]!)).toMatch(/^---\n[\s\S]*\ntopic: /);

    expect((await call('export.archive', { scope: { kind: 'all' } }, { token: null })).status).toBe(401);
    const bad = await call('export.archive', { scope: { kind: 'topic' } });
    expect(bad.status).toBe(400);
    expect(bad.error?.code).toBe('BAD_INPUT');
    const missing = await call('export.archive', { scope: { kind: 'topic', id: 'nope' } });
    expect(missing.error?.code).toBe('NOT_FOUND');
  });

  it('explains the query in words and hints at mistakes', async () => {
    const r = await call<NoteListResult>('notes.list', { filter: { text: 'tag:partner/* -draft' } });
    expect(r.value!.queryMeaning).toBe('notes tagged partner/* and not containing "draft"');
    expect(r.value!.queryHints).toEqual([]);
    const typo = await call<NoteListResult>('notes.list', { filter: { text: 'titel:radar tag:partnr/*' } });
    expect(typo.value!.queryHints!.map((h) => h.message)).toEqual([
      'Unknown field titel: (read as words) — did you mean title:?',
      'No tag partnr/* — did you mean partner/*?',
    ]);
  });
});
