import { describe, expect, it } from 'vitest';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useCli } from './run-cli.js';
import { openApp } from '../../electron/shell/open-app.js';
import { makePdf, makePng } from '../../bench/fixtures/files.js';

// `dossier attach`, `stats` and `export` with attachments, as a real bundled process on a temp data dir.

const cli = useCli({ artifact: 'cli-attach', prefix: 'dossier-cli-att-' });
const { run } = cli;

describe('dossier attach', () => {
  it('attaches files to a note, counts them in stats and exports them with the notes', async () => {
    const app = await openApp(cli.dataDir, 'cli', { index: false });
    const note = await app.core.createNote({ title: 'Trial day', body: 'Notes from the range.' });
    await app.close();
    const png = makePng(10, 10, 1);
    const pdf = makePdf([['Test report'], ['Range data']]);
    await writeFile(path.join(cli.dir, 'photo.png'), png);
    await writeFile(path.join(cli.dir, 'report.pdf'), pdf);

    const r = await run([
      'attach',
      note.id,
      path.join(cli.dir, 'photo.png'),
      path.join(cli.dir, 'report.pdf'),
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Attached photo.png');
    expect(r.out).toContain('application/pdf');

    const stats = await run(['stats', '--json']);
    expect(JSON.parse(stats.out)).toMatchObject({ attachments: 2, attachmentBytes: png.length + pdf.length });

    const out = path.join(cli.dir, 'out');
    const ex = await run(['export', out]);
    expect(ex.code).toBe(0);
    expect(ex.out).toContain('2 attachments');
    expect((await readdir(path.join(out, 'Inbox', '_attachments'))).sort()).toEqual([
      'photo.png',
      'report.pdf',
    ]);
    const md = await readFile(path.join(out, 'Inbox', 'Trial day.md'), 'utf8');
    expect(md).toContain(
      'Notes from the range.\n\n![photo](_attachments/photo.png)\n[report.pdf](_attachments/report.pdf)\n',
    );

    const missing = await run(['attach', note.id, path.join(cli.dir, 'nope.png')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.png');
    expect((await run(['attach', note.id])).code).toBe(2);
  });

  it('takes a note id that starts with "-" after "--", and says so when it is given without', async () => {
    // Ids made before ids became letters and digits may start with '-'; the shell would read one as an option.
    const id = '-dashFirst01';
    const md = path.join(cli.dir, 'dash.md');
    await writeFile(md, `---\nid: "${id}"\ntitle: Old id\ntags: []\n---\nKept since 2019.\n`);
    expect((await run(['import', md])).code).toBe(0);
    await writeFile(path.join(cli.dir, 'dash.png'), makePng(4, 4, 2));

    const bare = await run(['attach', id, path.join(cli.dir, 'dash.png')]);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain(`-- "${id}"`);

    const r = await run(['attach', '--', id, path.join(cli.dir, 'dash.png')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Attached dash\.png \(.*\) to “Old id”/);
  });
});
