import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { openApp, type OpenedApp } from '../../shell/open-app.js';
import { makePdf, makePng } from '../../../bench/fixtures/files.js';
import { findRefs } from './refs.js';

// Import and export with attachments against real folders, zips and stores in temp dirs.

let dir: string;
let app: OpenedApp;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-ie-'));
  app = await openApp(path.join(dir, 'data'), 'browser', { index: false });
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function put(rel: string, content: Uint8Array | string): Promise<void> {
  const full = path.join(dir, rel);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, content);
}

async function walk(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await walk(root, r)));
    else out.push(r);
  }
  return out.sort();
}

const notes = () => app.core.store.get().notes.toArray();
const byTitle = (t: string) => notes().find((n) => n.title === t)!;
async function bytesOf(id: string): Promise<Buffer> {
  return readFile(app.core.attachments.blobs.path(app.core.store.get().attachments[id]!.hash));
}

describe('importing attachments', () => {
  it('brings an Obsidian vault’s embeds, links and attachment folders along and reports missing targets', async () => {
    const photo = makePng(12, 8, 1);
    const diagram = makePng(9, 9, 2);
    const pdf = makePdf([['page one'], ['page two'], ['page three: radar']]);
    const odd = makePng(3, 3, 3);
    await put('vault/.obsidian/app.json', '{"attachmentFolderPath":"Attachments"}');
    await put('vault/Attachments/whiteboard photo.png', photo);
    await put('vault/Attachments/sub/diagram.png', diagram);
    await put('vault/Reports/Test report (v2).pdf', pdf);
    await put('vault/Topics/Seeker/회의 사진 ☕.png', odd);
    await put(
      'vault/Topics/Seeker/Kick-off.md',
      [
        '# Kick-off',
        '![[whiteboard photo.png]]',
        '![[diagram.png|300]]',
        'The report: ![[Test report (v2).pdf#page=3]]',
        'Also [[Test report (v2).pdf|the report]] and ![](회의%20사진%20☕.png)',
        'Missing: ![[gone.png]] and [old](../../nowhere/old.pdf)',
        '```',
        '![[not an embed.png]]',
        '```',
        '[[Another note]] stays a note link.',
      ].join('\n'),
    );
    const preview = await app.core.previewImport(path.join(dir, 'vault'));
    expect(preview.attachments).toBe(5);
    expect(Object.keys(app.core.store.get().attachments)).toEqual([]); // preview stores nothing
    expect(preview.warnings.map((w) => w.message).sort()).toEqual([
      'attachment not found: ../../nowhere/old.pdf',
      'attachment not found: gone.png',
    ]);
    const report = await app.core.runImport(path.join(dir, 'vault'));
    expect(report.added).toBe(1);
    const note = byTitle('Kick-off');
    const refs = findRefs(note.body);
    expect(refs.map((r) => [r.name, r.image, r.text])).toEqual([
      ['whiteboard photo.png', true, 'whiteboard photo'],
      ['diagram.png', true, 'diagram'],
      ['Test report (v2).pdf', false, 'Test report (v2).pdf'],
      ['Test report (v2).pdf', false, 'the report'],
      ['회의 사진 ☕.png', true, ''],
    ]);
    expect(await bytesOf(refs[0]!.id)).toEqual(photo);
    expect(await bytesOf(refs[1]!.id)).toEqual(diagram);
    expect(await bytesOf(refs[2]!.id)).toEqual(pdf);
    expect(refs[3]!.id).toBe(refs[2]!.id); // one file, two references
    expect(await bytesOf(refs[4]!.id)).toEqual(odd);
    expect(note.body).toContain('![[not an embed.png]]'); // code stays code
    expect(note.body).toContain('![[gone.png]]'); // missing stays as written
    expect(note.body).toContain('[[Another note]]');
  });

  it('reads embeds as the links parser does: table labels, inline code and comments, version-like titles', async () => {
    const chart = makePng(4, 4, 5);
    await put('vault/files/chart.png', chart);
    await put('vault/Version 2.1.md', '# Version 2.1\n');
    await put(
      'vault/Results.md',
      [
        '# Results',
        '| Chart | Note |',
        '| --- | --- |',
        '| [[chart.png\\|the chart]] | seen |',
        'Typed as code: `![[missing in code.png]]`',
        '<!-- ![[missing in comment.png]] -->',
        'See [[Version 2.1]] for the old figures.',
      ].join('\n'),
    );
    const preview = await app.core.previewImport(path.join(dir, 'vault'));
    // Neither the code span, the comment nor the note title `Version 2.1` is taken for a file.
    expect(preview.warnings.map((w) => w.message)).toEqual([]);
    expect(preview.attachments).toBe(1);
    await app.core.runImport(path.join(dir, 'vault'));
    const body = byTitle('Results').body;
    const refs = findRefs(body);
    expect(refs.map((r) => [r.name, r.image, r.text])).toEqual([['chart.png', false, 'the chart']]);
    expect(await bytesOf(refs[0]!.id)).toEqual(chart);
    expect(body).toContain('`![[missing in code.png]]`');
    expect(body).toContain('<!-- ![[missing in comment.png]] -->');
    expect(body).toContain('[[Version 2.1]]');
  });

  it('takes Joplin’s _resources (relative links and :/ ids)', async () => {
    const img = makePng(5, 5, 4);
    await put('joplin/_resources/0123456789abcdef0123456789abcdef.png', img);
    await put(
      'joplin/Notebook/Trip report.md',
      '# Trip report\n![photo](../_resources/0123456789abcdef0123456789abcdef.png)\n',
    );
    await put('joplin/Notebook/Raw.md', '# Raw\n![](:/0123456789abcdef0123456789abcdef)\n');
    await app.core.runImport(path.join(dir, 'joplin'));
    for (const t of ['Trip report', 'Raw']) {
      const [ref] = findRefs(byTitle(t).body);
      expect(ref?.image).toBe(true);
      expect(await bytesOf(ref!.id)).toEqual(img);
    }
  });

  it('exports attachments into _attachments/ with relative links, in folders and in the zip', async () => {
    const src = path.join(dir, 'src');
    await mkdir(src);
    const a = makePng(4, 4, 5);
    const b = makePng(4, 4, 6);
    await writeFile(path.join(src, 'photo.png'), a);
    await writeFile(path.join(src, 'other.png'), b);
    const one = await app.core.attach(path.join(src, 'photo.png'));
    // Same shown name, different file: the second gets an id subfolder.
    const two = await app.core.attach(path.join(src, 'other.png'), { name: 'photo.png' });
    const topic = await app.core.createTopic({ name: 'Seeker' });
    await app.core.createNote({ topicId: topic.id, title: 'One', body: `Photo: ${one.markdown}` });
    await app.core.createNote({ topicId: topic.id, title: 'Two', body: `Other: ${two.markdown}` });
    const out = path.join(dir, 'out');
    // By title, so One claims the plain name: the default order (oldest first) breaks a tie in creation
    // time, as two notes made in one millisecond have, by their random ids.
    const r = await app.core.exportMarkdown({ kind: 'all' }, out, { order: 'title' });
    expect(r.attachments).toBe(2);
    expect(await walk(out)).toEqual([
      `Seeker/One.md`,
      `Seeker/Two.md`,
      `Seeker/_attachments/${two.attachment.id}/photo.png`,
      `Seeker/_attachments/photo.png`,
    ]);
    expect(await readFile(path.join(out, 'Seeker/One.md'), 'utf8')).toContain(
      '![photo](_attachments/photo.png)',
    );
    expect(await readFile(path.join(out, 'Seeker/Two.md'), 'utf8')).toContain(
      `![photo](_attachments/${two.attachment.id}/photo.png)`,
    );
    expect(await readFile(path.join(out, 'Seeker/_attachments/photo.png'))).toEqual(a);
    const zipped = await app.core.exportMarkdown({ kind: 'all' }, path.join(dir, 'zip'), {
      format: 'zip',
      order: 'title',
    });
    const entries = unzipSync(await readFile(path.join(dir, 'zip', zipped.written![0]!)));
    expect(Buffer.from(entries['Seeker/_attachments/photo.png']!)).toEqual(a);
    expect(Buffer.from(entries[`Seeker/_attachments/${two.attachment.id}/photo.png`]!)).toEqual(b);
    // The browser-mode download (export.archive) carries them too.
    const archive = await app.api['export.archive']({ scope: { kind: 'all' }, order: 'title' });
    const downloaded = unzipSync(Buffer.from(archive.base64, 'base64'));
    expect(Buffer.from(downloaded['Seeker/_attachments/photo.png']!)).toEqual(a);
  });

  it('re-importing Dossier’s own export (folder or zip) changes nothing', async () => {
    const src = path.join(dir, 'src');
    await mkdir(src);
    await writeFile(path.join(src, 'MoU (signed) – 최종.pdf'), makePdf([['MoU']]));
    const att = await app.core.attach(path.join(src, 'MoU (signed) – 최종.pdf'));
    await app.core.createNote({ title: 'MoU', body: `Signed: ${att.markdown}\n` });
    await app.core.exportMarkdown({ kind: 'all' }, path.join(dir, 'out'));
    const z = await app.core.exportMarkdown({ kind: 'all' }, path.join(dir, 'zip'), { format: 'zip' });
    await app.core.store.flush();
    const before = app.core.store.get();
    for (const source of [path.join(dir, 'out'), path.join(dir, 'zip', z.written![0]!)]) {
      const r = await app.core.runImport(source);
      expect(r).toMatchObject({ added: 0, unchanged: 1, attachments: 1 });
      expect(app.core.store.get()).toBe(before);
    }
  });

  it('export → import into an empty store keeps every attachment byte-identical (property)', async () => {
    const name = fc
      .tuple(
        fc.stringMatching(/^[A-Za-z0-9 äöüß한국어עברית()_-]{1,20}$/),
        fc.constantFrom('.png', '.pdf', '.txt', '.bin', ''),
      )
      .map(([s, e]) => s + e);
    const file = fc.record({ name, bytes: fc.uint8Array({ minLength: 0, maxLength: 300 }) });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(file, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        async (noteFiles) => {
          run++;
          const base = path.join(dir, `p${run}`);
          const fromApp = await openApp(path.join(base, 'a'), 'browser', { index: false });
          const expected: string[][] = [];
          try {
            await mkdir(path.join(base, 'in'), { recursive: true });
            let k = 0;
            for (const [i, files] of noteFiles.entries()) {
              const parts: string[] = [];
              const hashes: string[] = [];
              for (const f of files) {
                const p = path.join(base, 'in', String(k++));
                await writeFile(p, f.bytes);
                parts.push((await fromApp.core.attach(p, { name: f.name })).markdown);
                hashes.push(sha(f.bytes));
              }
              await fromApp.core.createNote({ title: `Note ${i}`, body: parts.join('\n') });
              expected.push(hashes);
            }
            await fromApp.core.exportMarkdown({ kind: 'all' }, path.join(base, 'out'));
          } finally {
            await fromApp.close();
          }
          const toApp = await openApp(path.join(base, 'b'), 'browser', { index: false });
          try {
            await toApp.core.runImport(path.join(base, 'out'));
            const data = toApp.core.store.get();
            for (const [i, hashes] of expected.entries()) {
              const note = data.notes.toArray().find((n) => n.title === `Note ${i}`)!;
              const refs = findRefs(note.body);
              expect(refs.map((r) => data.attachments[r.id]?.hash)).toEqual(hashes);
              for (const r of refs)
                expect(
                  sha(await readFile(toApp.core.attachments.blobs.path(data.attachments[r.id]!.hash))),
                ).toBe(data.attachments[r.id]!.hash);
            }
          } finally {
            await toApp.close();
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
