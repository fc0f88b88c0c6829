import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { openStore } from '../../electron/store/open-store.js';
import { blobPath } from '../../electron/store/blobs.js';
import { findRefs } from '../../electron/core/attachments/refs.js';
import { seededRandom } from '../../bench/random.js';

// Fault injection while attaching: a child stores files and saves notes that reference them and is
// SIGKILLed at seeded-random moments. After every kill, no note may reference a missing or torn file.

const KILLS = Number(process.env.DOSSIER_ATTACH_KILLS ?? 30);
const here = path.dirname(fileURLToPath(import.meta.url));
let work: string;
let childScript: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dossier-kill9-attach-'));
  // Inside the repo (test-artifacts/), so the bundle finds the packages it leaves external.
  childScript = path.join(here, '..', '..', 'test-artifacts', 'kill9', 'attach-loop.mjs');
  await build({
    entryPoints: [path.join(here, 'fixtures', 'attach-loop.ts')],
    outfile: childScript,
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
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function runAndKill(dataDir: string, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: path.join(here, '..', '..'),
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

describe('kill -9 while attaching', () => {
  it(`no note references a missing or torn file across ${KILLS} kills`, async () => {
    const dataDir = path.join(work, 'data');
    const rand = seededRandom(20261126);
    let acknowledged = 0;
    let checked = 0;
    for (let i = 0; i < KILLS; i++) {
      const delay = Math.floor(rand() * 150);
      acknowledged = Math.max(acknowledged, await runAndKill(dataDir, delay));
      const store = await openStore(dataDir, { owner: 'verifier' });
      const data = store.get();
      for (const note of Object.values(data.notes)) {
        for (const ref of findRefs(note.body)) {
          const att = data.attachments[ref.id];
          if (!att) throw new Error(`after kill ${i + 1}: ${note.title} references unknown ${ref.id}`);
          const bytes = await readFile(blobPath(dataDir, att.hash)).catch(() => null);
          if (!bytes) throw new Error(`after kill ${i + 1}: ${note.title} references a missing file`);
          if (createHash('sha256').update(bytes).digest('hex') !== att.hash)
            throw new Error(`after kill ${i + 1}: ${note.title} references a torn file`);
          checked++;
        }
      }
      for (let s = 1; s <= acknowledged; s++)
        if (!Object.values(data.notes).some((n) => n.title === `attach ${s}`))
          throw new Error(`after kill ${i + 1}: acknowledged note ${s} is missing`);
      await store.close();
    }
    expect(acknowledged).toBeGreaterThan(KILLS / 3);
    expect(checked).toBeGreaterThan(0);
  }, 300_000);
});
