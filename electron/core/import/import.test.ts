import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { zipSync, strToU8, unzipSync } from 'fflate';
import { openApp, type OpenedApp } from '../../shell/open-app.js';
import { inlineTags } from './inline-tags.js';
import type { Note, StoreData } from '../../domain/model.js';

let dir: string;
let app: OpenedApp;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-import-'));
  app = await openApp(path.join(dir, 'data'), 'browser');
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function files(root: string, tree: Record<string, string | Buffer>): Promise<string> {
  for (const [rel, content] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), content);
  }
  return root;
}

/** Notes as a user sees them: topic by name instead of id. */
function portable(data: StoreData): Record<string, Omit<Note, 'topicId'> & { topic: string | null }> {
  const out: Record<string, Omit<Note, 'topicId'> & { topic: string | null }> = {};
  for (const n of data.notes.toArray()) {
    if (n.deletedAt) continue;
    const { topicId, ...rest } = n;
    out[n.id] = { ...rest, topic: topicId ? data.topics[topicId]!.name : null };
  }
  return out;
}

describe('inline #tags', () => {
  it.each([
    ['Met #partner/kaist and #Tech/Radar.', ['partner/kaist', 'Tech/Radar']],
    ['# Heading\n## Sub heading\n#todo at line start', ['todo']],
    ['```\n#not-a-tag in code\n```\n`#inline-code` and #real', ['real']],
    ['see https://example.org/page#section and [link](http://x.org/#frag) #ok', ['ok']],
    ['issue #123 and color:#fff and a&#39;b', []],
    ['(#paren) and #trailing-', ['paren', 'trailing']],
    // CSS and HTML are never tags (issue 13): colours in text or style blocks, attributes, entities.
    ['Poster colour #ff0000 on #FFF, accent #00ff00aa; #cafe3 #beef #fff #tag', ['cafe3', 'beef', 'tag']],
    ['<style>\n.callout { color: #c0ffee; }\n#header { margin: 0 }\n</style>\nText #real', ['real']],
    ['<div style="color: #123abc">x</div> <span\ndata-x="#multi">y</span> #kept', ['kept']],
  ])('%j → %j', (text, expected) => {
    expect(inlineTags(text)).toEqual(expected);
  });
});

describe('import from markdown', () => {
  it('reads an Obsidian-style vault: nested folders, tags as list or string, inline tags, headings, attachments', async () => {
    const vault = await files(path.join(dir, 'vault'), {
      '.obsidian/workspace.json': '{}',
      'Seeker co-development/Kick-off.md':
        '---\ntags: [partner/kaist, "#activity/meeting"]\naliases: [KO]\ncreated: 2025-03-04T09:00:00Z\n---\n# Kick-off in Wachtberg\n\nRadar trade-offs. #status/action-needed\n',
      'Seeker co-development/Radome.md':
        '---\ntags: tech/materials, country/germany\n---\nNo heading here, [[Kick-off]] link.\n',
      'Exchange 2026/Visits/Daejeon trip.md':
        '# Trip report\n\nMet the KAIST team. #partner/kaist #country/korea\n```\n#notatag\n```\n',
      'Loose idea.md': 'Just a thought #idea',
      'Seeker co-development/diagram.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
    });
    const preview = await app.core.previewImport(vault);
    expect(preview).toMatchObject({ added: 4, unchanged: 0, ignored: 1, skipped: [], duplicates: [] });
    // The top folder is the topic; deeper folders are kept as the note's folder (issue 13).
    expect(preview.newTopics.sort()).toEqual(['Exchange 2026', 'Seeker co-development']);
    expect(app.core.listNotes({}).total).toBe(0); // preview changes nothing
    const run = await app.core.runImport(vault);
    expect(run).toMatchObject({ added: 4, label: 'Import 4 notes' });
    const notes = Object.values(portable(app.core.store.get()));
    const byTitle = Object.fromEntries(notes.map((n) => [n.title, n]));
    // Without a title key the file name is the title (as in Obsidian), so [[Kick-off]] resolves.
    expect(Object.keys(byTitle).sort()).toEqual(['Daejeon trip', 'Kick-off', 'Loose idea', 'Radome']);
    expect(byTitle['Kick-off']).toMatchObject({
      topic: 'Seeker co-development',
      tags: ['activity/meeting', 'partner/kaist', 'status/action-needed'],
      createdAt: '2025-03-04T09:00:00.000Z',
    });
    expect(byTitle['Radome']).toMatchObject({
      topic: 'Seeker co-development',
      tags: ['country/germany', 'tech/materials'],
    });
    expect(byTitle['Daejeon trip']).toMatchObject({
      topic: 'Exchange 2026',
      tags: ['country/korea', 'partner/kaist'],
    });
    const stored = app.core.store.get().notes.toArray();
    expect(stored.find((n) => n.title === 'Daejeon trip')?.folder).toBe('Visits');
    expect(stored.find((n) => n.title === 'Kick-off')?.properties).toEqual({ aliases: ['KO'] });
    expect(byTitle['Loose idea']).toMatchObject({ topic: null, tags: ['idea'] });
    expect(app.core.listNotes({ text: 'tag:partner/kaist' }).total).toBe(2);
    // One undo removes the whole import.
    await app.core.runUndo();
    expect(app.core.listNotes({}).total).toBe(0);
  });

  it('keeps the case tags were written in for display, and exports them in that case', async () => {
    const src = await files(path.join(dir, 'case'), {
      'Seeker/Radar notes.md':
        '---\ntags: [Partner/KAIST]\n---\nTracking with #Tech/Radar and #tech/radar again.\n',
    });
    await app.core.runImport(src);
    const note = app.core.store.get().notes.toArray()[0]!;
    expect(note.tags).toEqual(['partner/kaist', 'tech/radar']);
    expect(app.core.listTags().labels).toEqual({
      'partner/kaist': 'Partner/KAIST',
      'tech/radar': 'Tech/Radar',
    });
    expect(app.core.listNotes({ text: 'tag:tech/radar' }).total).toBe(1);
    const out = path.join(dir, 'case-out');
    await app.core.exportMarkdown({ kind: 'all' }, out);
    const text = await readFile(path.join(out, 'Seeker', 'Radar notes.md'), 'utf8');
    expect(text).toContain('tags:\n  - Partner/KAIST\n  - Tech/Radar\n');
  });

  it('reads a Joplin "Markdown + Front Matter" export: title, created/updated, tags, notebooks', async () => {
    const joplin = await files(path.join(dir, 'joplin'), {
      'Personnel exchange/Visa checklist.md':
        '---\ntitle: Visa and clearance checklist\nupdated: 2025-05-02 08:30:00Z\ncreated: 2025-04-30 17:00:00Z\ntags:\n  - activity/exchange\n  - status/action-needed\n---\n\n- passport copies\n- security clearance\n',
      'Personnel exchange/Untitled.md':
        '---\ntitle: "Contacts: KAIST"\ncreated: 2025-04-01 10:00:00Z\n---\nProf. Kim, ext. 1234\n',
    });
    const report = await app.core.runImport(joplin);
    expect(report).toMatchObject({ added: 2, newTopics: ['Personnel exchange'] });
    const notes = Object.values(portable(app.core.store.get())).sort((a, b) =>
      a.title.localeCompare(b.title),
    );
    expect(notes.map((n) => [n.title, n.topic, n.tags, n.createdAt, n.updatedAt])).toEqual([
      ['Contacts: KAIST', 'Personnel exchange', [], '2025-04-01T10:00:00.000Z', '2025-04-01T10:00:00.000Z'],
      [
        'Visa and clearance checklist',
        'Personnel exchange',
        ['activity/exchange', 'status/action-needed'],
        '2025-04-30T17:00:00.000Z',
        '2025-05-02T08:30:00.000Z',
      ],
    ]);
    expect(notes[1]!.body).toBe('\n- passport copies\n- security clearance\n');
  });

  it('skips bad files with a reason and imports the rest; a source it cannot read changes nothing', async () => {
    const src = await files(path.join(dir, 'bad'), {
      'good.md': '# Good\n\nfine',
      'latin1.md': Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x0a]),
      'binary.md': Buffer.from([0x00, 0x01, 0x02, 0x03]),
      'broken-yaml.md': '---\ntitle: [unclosed\ntags: {\n---\nbody',
      'big.md': Buffer.alloc(11 * 1024 * 1024, 0x61),
    });
    await mkdir(path.join(src, 'loop'));
    await symlink(path.join(src, 'loop'), path.join(src, 'loop', 'again'));
    const report = await app.core.runImport(src);
    expect(report.added).toBe(1);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
    expect(reasons['latin1.md']).toMatch(/UTF-8/);
    expect(reasons['binary.md']).toMatch(/binary/);
    expect(reasons['broken-yaml.md']).toMatch(/YAML/);
    expect(reasons['big.md']).toMatch(/too large/);
    expect(reasons['loop/again']).toMatch(/symbolic link/);
    await expect(app.core.runImport(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      app.core.runImport(path.join(src, 'latin1.md').replace('.md', '.txt')),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(app.core.listNotes({}).total).toBe(1);
  });

  it('reads a .zip and refuses entries that would land outside it', async () => {
    const zip = zipSync({
      'Topic A/one.md': strToU8('---\ntitle: One\ntags: [x]\n---\nbody one'),
      '../evil.md': strToU8('# Evil'),
      'nested/../../evil2.md': strToU8('# Evil 2'),
      'notes.txt': strToU8('not markdown'),
    });
    const file = path.join(dir, 'notes.zip');
    await writeFile(file, zip);
    const report = await app.core.runImport(file);
    expect(report.added).toBe(1);
    expect(report.skipped.map((s) => s.path).sort()).toEqual(['../evil.md', 'nested/../../evil2.md']);
    expect(report.ignored).toBe(1);
    await writeFile(path.join(dir, 'broken.zip'), 'PK not really');
    await expect(app.core.runImport(path.join(dir, 'broken.zip'))).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });

  it('reports duplicates from other sources instead of doubling them', async () => {
    const src = await files(path.join(dir, 'dups'), {
      'A/one.md': '# Same\n\ntext',
      'B/one.md': '# Other\n\ntext',
      'A/copy/one.md': '# Same\n\ntext',
    });
    expect((await app.core.runImport(src)).added).toBe(2);
    const again = await app.core.runImport(src);
    expect(again.added).toBe(0);
    expect(again.duplicates).toHaveLength(3);
  });
});

describe('export → import round trip', () => {
  const title = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.normalize('NFC').trim());
  const tricky = fc.constantFrom(
    '---',
    '---\ntitle: fake\n---',
    '\r\n',
    '\n',
    '🚀',
    'שלום עולם',
    'مرحبا',
    'Überprüfung',
    '# heading',
    '#tag',
    '...',
    '\uFEFF',
    '  ',
    '`code`',
    '"quoted"',
    "'",
    'key: value',
    '- list',
  );
  const body = fc
    .array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 30 })), { maxLength: 12 })
    .map((p) => p.join(''));
  const tag = fc.constantFrom(
    'partner/kaist',
    'partner/fraunhofer-fhr',
    'tech/radar',
    'status/action-needed',
    '레이더',
    'country/türkiye',
    'c++',
    'r&d',
  );
  const noteArb = fc.record({
    title,
    body,
    tags: fc.uniqueArray(tag, { maxLength: 4 }),
    topic: fc.constantFrom(null, 0, 1, 2),
    pinned: fc.boolean(),
    created: fc.integer({ min: 1_500_000_000_000, max: 1_800_000_000_000 }),
    later: fc.nat(10_000_000_000),
    // INTERNAL is the scheme default: an override equal to what a note inherits comes back as inherited.
    marking: fc.constantFrom(undefined, 'PUBLIC', 'PARTNER CONFIDENTIAL', 'RESTRICTED'),
    rel: fc.option(fc.subarray(['Fraunhofer FHR', 'KAIST'], { minLength: 1 }), { nil: undefined }),
  });

  it('arbitrary notes come back deep-equal after export and import into an empty store', async () => {
    const topicNames = ['Seeker co-development', 'Exchange: 2026 / KAIST', 'Symposium «Küste»'];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(noteArb, { minLength: 1, maxLength: 8 }), async (notes) => {
        run += 1;
        const source = await openApp(path.join(dir, `src-${run}`), 'browser');
        const target = await openApp(path.join(dir, `dst-${run}`), 'browser');
        try {
          const topics = [];
          for (const name of topicNames)
            topics.push(await source.core.createTopic({ name, partners: ['Fraunhofer FHR', 'KAIST'] }));
          for (const n of notes) {
            const created = await source.core.createNote({
              topicId: n.topic === null ? null : topics[n.topic]!.id,
              title: n.title,
              body: n.body,
              tags: n.tags,
            });
            if (n.pinned) await source.core.updateNote({ id: created.id, pinned: true });
            if (n.marking) await source.core.setNoteMarking(created.id, { marking: n.marking });
            if (n.rel && n.topic !== null)
              await source.core.setNoteMarking(created.id, { releasableTo: n.rel });
          }
          const out = path.join(dir, `out-${run}`);
          await source.core.exportMarkdown({ kind: 'all' }, out, { allowMarking: 'RESTRICTED' });
          const first = await target.core.runImport(out);
          expect(first.skipped).toEqual([]);
          expect(first.added).toBe(notes.length);
          expect(portable(target.core.store.get())).toEqual(portable(source.core.store.get()));
          // Idempotent: the second import changes nothing.
          const before = target.core.store.get();
          const second = await target.core.runImport(out);
          expect(second).toMatchObject({ added: 0, unchanged: notes.length });
          expect(target.core.store.get()).toBe(before);
        } finally {
          await source.close();
          await target.close();
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('exports a .zip and a topic brief that import/read back', async () => {
    const t = await app.core.createTopic({ name: 'Seeker', partners: ['KAIST'] });
    await app.core.createNote({
      topicId: t.id,
      title: 'B note',
      body: '# Inner heading\n\ntext',
      tags: ['x'],
    });
    await app.core.createNote({ topicId: t.id, title: 'A note', body: 'alpha' });
    const out = path.join(dir, 'zip-out');
    const zipReport = await app.core.exportMarkdown({ kind: 'all' }, out, { format: 'zip' });
    const zipName = (await readdir(out))[0]!;
    expect(zipReport).toMatchObject({ files: 1, notes: 2 });
    expect(Object.keys(unzipSync(await readFile(path.join(out, zipName)))).sort()).toEqual([
      'Seeker/A note.md',
      'Seeker/B note.md',
    ]);
    const brief = await app.core.exportMarkdown({ kind: 'topic', id: t.id }, out, {
      format: 'brief',
      order: 'title',
    });
    const text = await readFile(path.join(out, brief.written![0]!), 'utf8');
    expect(text).toContain('# Seeker');
    expect(text).toContain('**Partners:** KAIST');
    expect(text.indexOf('## A note')).toBeLessThan(text.indexOf('## B note'));
    expect(text).toContain('1. [A note](#a-note)');
    expect(text).toContain('### Inner heading');
  });

  it('exports the results of a query only, and a cancelled export writes nothing', async () => {
    await app.core.createNote({ title: 'Radar minutes', tags: ['tech/radar'] });
    await app.core.createNote({ title: 'Budget', tags: ['review/budget'] });
    const out = path.join(dir, 'q');
    expect((await app.core.exportMarkdown({ kind: 'query', filter: { text: 'tag:tech' } }, out)).notes).toBe(
      1,
    );
    const cancelled = path.join(dir, 'cancelled');
    const pending = app.core.exportMarkdown({ kind: 'all' }, cancelled, { jobId: 'job-cancel-1' });
    expect(app.core.jobs.cancel('job-cancel-1')).toBe(true);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(cancelled)).toEqual([]);
  });
});
