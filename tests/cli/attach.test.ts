import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { openApp } from '../../electron/shell/open-app.js';
import { makePdf, makePng } from '../../bench/fixtures/files.js';

// `dossier attach`, `stats` and `export` with attachments, as a real bundled process on a temp data dir.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(repo, 'test-artifacts', 'cli-attach', 'dossier.js');
let dir: string;

beforeAll(async () => {
  await build({
    entryPoints: [path.join(repo, 'electron', 'cli', 'main.ts')],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-cli-att-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, DOSSIER_DATA_DIR: path.join(dir, 'data') },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('dossier attach', () => {
  it('attaches files to a note, counts them in stats and exports them with the notes', async () => {
    const app = await openApp(path.join(dir, 'data'), 'cli', { index: false });
    const note = await app.core.createNote({ title: 'Trial day', body: 'Notes from the range.' });
    await app.close();
    const png = makePng(10, 10, 1);
    const pdf = makePdf([['Test report'], ['Range data']]);
    await writeFile(path.join(dir, 'photo.png'), png);
    await writeFile(path.join(dir, 'report.pdf'), pdf);

    const r = await run(['attach', note.id, path.join(dir, 'photo.png'), path.join(dir, 'report.pdf')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Attached photo.png');
    expect(r.out).toContain('application/pdf');

    const stats = await run(['stats', '--json']);
    expect(JSON.parse(stats.out)).toMatchObject({ attachments: 2, attachmentBytes: png.length + pdf.length });

    const out = path.join(dir, 'out');
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

    const missing = await run(['attach', note.id, path.join(dir, 'nope.png')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.png');
    expect((await run(['attach', note.id])).code).toBe(2);
  });
});
