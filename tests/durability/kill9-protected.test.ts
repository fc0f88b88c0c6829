import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { openStore } from '../../electron/store/open-store.js';
import { isSealedFile, isSealedLine, keySealer } from '../../electron/store/sealed/sealer.js';
import { seededRandom } from '../../bench/random.js';

// kill9.test.ts on a protected store: the child saves through a key sealer (sealed snapshot, one sealed line
// per journal entry) and is SIGKILLed at seeded-random moments. After every kill the store must open with the
// key, with every acknowledged save, and nothing on disk may be plain.

const KILLS = Number(process.env.DOSSIER_KILLS ?? 100);
const here = path.dirname(fileURLToPath(import.meta.url));
const dataKey = randomBytes(32);
let work: string;
let childScript: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dossier-kill9-sealed-'));
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
    const child = spawn(process.execPath, [childScript, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: path.join(here, '..', '..'),
      // A small journal limit makes kills land in compactions and journal rotations too.
      env: {
        ...process.env,
        DOSSIER_JOURNAL_MAX_BYTES: '30000',
        DOSSIER_TEST_DATA_KEY: dataKey.toString('hex'),
      },
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

describe('kill -9 during saves to a protected store', () => {
  it(`never loses an acknowledged save across ${KILLS} kills, and leaves nothing plain`, async () => {
    const dataDir = path.join(work, 'data');
    const rand = seededRandom(20261126);
    let acknowledged = 0;
    for (let i = 0; i < KILLS; i++) {
      const delay = rand() < 0.8 ? Math.floor(rand() * 25) : Math.floor(rand() * 120);
      const lastAck = await runAndKill(dataDir, delay);
      acknowledged = Math.max(acknowledged, lastAck);
      // Whatever the kill left: the journal's complete lines are all sealed.
      const journal = await readFile(path.join(dataDir, 'dossier.journal'), 'utf8').catch(() => '');
      const complete = journal.split('\n').slice(0, -1).filter(Boolean);
      if (!complete.every(isSealedLine)) throw new Error(`after kill ${i + 1}: a plain journal line`);
      const store = await openStore(dataDir, {
        owner: 'verifier',
        sealer: keySealer(Buffer.from(dataKey), { requireSealed: true }),
      });
      const notes = store.get().notes;
      for (let s = 1; s <= acknowledged; s++) {
        if (!notes[`s${s}`]) throw new Error(`after kill ${i + 1}: acknowledged save ${s} is missing`);
      }
      await store.close();
    }
    expect(acknowledged).toBeGreaterThan(KILLS / 2);
    expect(isSealedFile(await readFile(path.join(dataDir, 'dossier.json')))).toBe(true);
    for (const name of await readdir(path.join(dataDir, 'backups')))
      expect(isSealedFile(await readFile(path.join(dataDir, 'backups', name))), name).toBe(true);
    const left = (await readdir(dataDir)).filter(
      (n) => n !== 'dossier.json' && n !== 'backups' && n !== 'history',
    );
    expect(left).toEqual([]);
  }, 300_000);
});
