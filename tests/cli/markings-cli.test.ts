import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { openApp } from '../../electron/shell/open-app.js';
import type { ExportLogEntry } from '../../electron/contract.js';

// Guarded export through the real bundled `dossier` command on a temp data dir.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = path.join(repo, 'test-artifacts', 'cli-markings', 'dossier.js');
let dir: string;
const data = () => path.join(dir, 'data');

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
  dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-cli-markings-'));
  const app = await openApp(data(), 'cli');
  const t = await app.core.createTopic({ name: 'Seeker', partners: ['KAIST', 'Fraunhofer FHR'] });
  const mk = async (title: string, marking: string, rel?: string[]) => {
    const n = await app.core.createNote({ topicId: t.id, title, body: title });
    await app.core.setNoteMarking(n.id, { marking, ...(rel ? { releasableTo: rel } : {}) });
  };
  await mk('Programme overview', 'PUBLIC');
  await mk('Test plan', 'PARTNER CONFIDENTIAL', ['KAIST']);
  await mk('Flaw analysis', 'RESTRICTED');
  await app.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, DOSSIER_DATA_DIR: data() },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('dossier export with markings', () => {
  it('exits 1 and writes nothing when notes above the confirmation level lack --allow-marking', async () => {
    const out = path.join(dir, 'refused');
    const r = await run(['export', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--allow-marking "RESTRICTED"');
    expect(await readdir(out).catch(() => [])).toEqual([]);
    const low = await run(['export', out, '--allow-marking', 'partner confidential']);
    expect(low.code).toBe(1);
    expect(await readdir(out).catch(() => [])).toEqual([]);
    const bad = await run(['export', out, '--allow-marking', 'TOP']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('not a level');
  });

  it('exports for a partner, reports the withheld notes, and logs every export', async () => {
    const out = path.join(dir, 'kaist');
    const r = await run([
      'export',
      out,
      '--partner',
      'KAIST',
      '--allow-marking',
      'PARTNER CONFIDENTIAL',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ notes: 2, withheld: 1, partner: 'KAIST' });
    expect((await readdir(path.join(out, 'Seeker'))).sort()).toEqual([
      'Programme overview.md',
      'Test plan.md',
    ]);
    const all = await run(['export', path.join(dir, 'all'), '--allow-marking', 'RESTRICTED']);
    expect(all.code).toBe(0);
    expect(all.out).toContain('highest marking: RESTRICTED');
    const log = await run(['exports', '--json']);
    expect(log.code).toBe(0);
    const entries = JSON.parse(log.out) as ExportLogEntry[];
    expect(entries.map((e) => [e.partner, e.included, e.withheld, e.highest])).toEqual([
      [null, 3, 0, 'RESTRICTED'],
      ['KAIST', 2, 1, 'PARTNER CONFIDENTIAL'],
    ]);
  });
});
