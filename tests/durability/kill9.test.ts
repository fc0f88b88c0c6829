import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { openStore } from '../../electron/store/open-store.js';
import { seededRandom } from '../../bench/random.js';

// Fault injection: a child saves in a loop and is SIGKILLed at seeded-random moments. After every kill the
// store must open, validate, and hold every save the child saw acknowledged.

const KILLS = Number(process.env.DOSSIER_KILLS ?? 200);
const here = path.dirname(fileURLToPath(import.meta.url));
let work: string;
let childScript: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dossier-kill9-'));
  childScript = path.join(work, 'save-loop.mjs');
  await build({
    entryPoints: [path.join(here, 'fixtures', 'save-loop.ts')],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function runAndKill(dataDir: string, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // A small journal limit makes kills land in compactions and journal rotations too.
    const child = spawn(process.execPath, [childScript, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: path.join(here, '..', '..'),
      env: { ...process.env, DOSSIER_JOURNAL_MAX_BYTES: '30000' },
    });
    let out = '';
    let err = '';
    let lastAck = 0;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), delayMs);
        const m = /^ack (\d+)$/.exec(line);
        if (m) lastAck = Number(m[1]);
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(lastAck) : reject(new Error(`child ended without kill: ${err}`)),
    );
  });
}

describe('kill -9 during saves', () => {
  it(`never loses an acknowledged save across ${KILLS} kills`, async () => {
    const dataDir = path.join(work, 'data');
    const rand = seededRandom(20261125);
    let acknowledged = 0;
    for (let i = 0; i < KILLS; i++) {
      // Mostly short delays so kills land inside writes, sometimes longer runs.
      const delay = rand() < 0.8 ? Math.floor(rand() * 25) : Math.floor(rand() * 120);
      const lastAck = await runAndKill(dataDir, delay);
      acknowledged = Math.max(acknowledged, lastAck);
      const store = await openStore(dataDir, { owner: 'verifier' });
      const notes = store.get().notes;
      for (let s = 1; s <= acknowledged; s++) {
        if (!notes[`s${s}`]) throw new Error(`after kill ${i + 1}: acknowledged save ${s} is missing`);
      }
      await store.close();
    }
    expect(acknowledged).toBeGreaterThan(KILLS / 2);
    // No temp files or locks left behind that would confuse the next start.
    const left = (await readdir(dataDir)).filter(
      (n) => n !== 'dossier.json' && n !== 'backups' && n !== 'history',
    );
    expect(left).toEqual([]);
  }, 300_000);
});
