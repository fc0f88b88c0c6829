import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from '../setup/bundle.js';
import { openStore } from '../../electron/store/open-store.js';
import { killRepeatedly } from './kill-loop.js';

// Fault injection: a child saves in a loop and is SIGKILLed at seeded-random moments. After every kill the
// store must open, validate, and hold every save the child saw acknowledged.

const KILLS = Number(process.env.DOSSIER_KILLS ?? 200);
const here = path.dirname(fileURLToPath(import.meta.url));
let work: string;
let childScript: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'dossier-kill9-'));
  childScript = path.join(work, 'save-loop.mjs');
  await bundleForNode(path.join(here, 'fixtures', 'save-loop.ts'), childScript, { packages: 'bundle' });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('kill -9 during saves', () => {
  it(`never loses an acknowledged save across ${KILLS} kills`, async () => {
    const dataDir = path.join(work, 'data');
    const acknowledged = await killRepeatedly({
      script: childScript,
      dataDir,
      kills: KILLS,
      seed: 20261125,
      // Mostly short delays so kills land inside writes, sometimes longer runs.
      delay: (rand) => (rand() < 0.8 ? Math.floor(rand() * 25) : Math.floor(rand() * 120)),
      // A small journal limit makes kills land in compactions and journal rotations too.
      env: { DOSSIER_JOURNAL_MAX_BYTES: '30000' },
      verify: async (kill, acked) => {
        const store = await openStore(dataDir, { owner: 'verifier' });
        const notes = store.get().notes;
        for (let s = 1; s <= acked; s++) {
          if (!notes.get(`s${s}`)) throw new Error(`after kill ${kill}: acknowledged save ${s} is missing`);
        }
        await store.close();
      },
    });
    expect(acknowledged).toBeGreaterThan(KILLS / 2);
    // No temp files or locks left behind that would confuse the next start.
    const left = (await readdir(dataDir)).filter(
      (n) => n !== 'dossier.json' && n !== 'backups' && n !== 'history',
    );
    expect(left).toEqual([]);
  }, 300_000);
});
