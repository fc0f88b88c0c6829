import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../cli/run-cli.js';
import { CANARIES, fillNotebook } from './fixtures/full-notebook.js';
import { listDataFiles } from '../../electron/store/sealed/convert.js';
import { readProtection } from '../../electron/store/sealed/protection-file.js';
import { seededRandom } from '../../bench/random.js';

// `dossier protect` killed with SIGKILL at random moments of the conversion: the next command with the
// passphrase finishes it, the notes are all there, and no canary is left in any file.

const ROUNDS = Number(process.env.DOSSIER_PROTECT_KILLS ?? 6);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PASS = 'kill nine passphrase';
let work: string;
let cli: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dossier-kill9-protect-'));
  cli = await buildCli('kill9-protect');

  await writeFile(path.join(work, 'pass.txt'), `${PASS}\n`);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function run(
  dataDir: string,
  args: string[],
  killAfterMs?: number,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args, '--passphrase-file', path.join(work, 'pass.txt')], {
      cwd: repo,
      env: { ...process.env, DOSSIER_DATA_DIR: dataDir, DOSSIER_KDF_LOG2N: '10', DOSSIER_CLI_MAIN: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // The kill comes `killAfterMs` after protection.json appears: inside the conversion (or just after it).
    const watch =
      killAfterMs === undefined
        ? null
        : setInterval(() => {
            if (!existsSync(path.join(dataDir, 'protection.json'))) return;
            clearInterval(watch!);
            setTimeout(() => child.kill('SIGKILL'), killAfterMs);
          }, 2);
    child.on('exit', (code) => {
      if (watch) clearInterval(watch);
      resolve({ code, out, err });
    });
  });
}

async function leaks(dataDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const rel of await listDataFiles(dataDir)) {
    const bytes = await readFile(path.join(dataDir, rel));
    for (const word of Object.values(CANARIES))
      if (bytes.includes(Buffer.from(word))) found.push(`${rel}: ${word}`);
  }
  return found;
}

describe('kill -9 during dossier protect', () => {
  it(`resumes on the next run with the passphrase, ${ROUNDS} times at random moments`, async () => {
    const rand = seededRandom(20261127);
    let interrupted = 0;
    const states: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const dataDir = path.join(work, `data-${i}`);
      await fillNotebook(dataDir, path.join(work, `scratch-${i}`));
      const r = await run(dataDir, ['protect'], Math.floor(rand() * 15));
      if (r.code === 0) continue; // finished before the kill
      interrupted++;
      const state = (await readProtection(dataDir))?.state ?? 'none';
      states.push(state);
      if (state === 'none') {
        // Killed before protection.json was durable: nothing changed; protect again.
        const again = await run(dataDir, ['protect']);
        expect(again.err).toBe('');
        expect(again.code).toBe(0);
      } else {
        const stats = await run(dataDir, ['stats', '--json']);
        expect(stats.err).toBe('');
        expect(stats.code).toBe(0);
        expect((JSON.parse(stats.out) as { notes: number }).notes).toBe(2);
      }
      expect((await readProtection(dataDir))?.state).toBe('on');
      expect(await leaks(dataDir)).toEqual([]);
      expect(existsSync(path.join(dataDir, 'dossier.lock'))).toBe(false);
    }
    expect(interrupted).toBeGreaterThan(0);
    expect(states).toContain('converting');
  }, 300_000);
});
