import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from '../setup/bundle.js';
import { killRepeatedly } from './kill-loop.js';
import { openStore } from '../../electron/store/open-store.js';
import { isSealedFile, isSealedLine, keySealer } from '../../electron/store/sealed/sealer.js';

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
  await bundleForNode(path.join(here, 'fixtures', 'save-loop.ts'), childScript, { packages: 'bundle' });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('kill -9 during saves to a protected store', () => {
  it(`never loses an acknowledged save across ${KILLS} kills, and leaves nothing plain`, async () => {
    const dataDir = path.join(work, 'data');
    const acknowledged = await killRepeatedly({
      script: childScript,
      dataDir,
      kills: KILLS,
      seed: 20261126,
      delay: (rand) => (rand() < 0.8 ? Math.floor(rand() * 25) : Math.floor(rand() * 120)),
      // A small journal limit makes kills land in compactions and journal rotations too.
      env: { DOSSIER_JOURNAL_MAX_BYTES: '30000', DOSSIER_TEST_DATA_KEY: dataKey.toString('hex') },
      verify: async (kill, acked) => {
        // Whatever the kill left: the journal's complete lines are all sealed.
        const journal = await readFile(path.join(dataDir, 'dossier.journal'), 'utf8').catch(() => '');
        const complete = journal.split('\n').slice(0, -1).filter(Boolean);
        if (!complete.every(isSealedLine)) throw new Error(`after kill ${kill}: a plain journal line`);
        const store = await openStore(dataDir, {
          owner: 'verifier',
          sealer: keySealer(Buffer.from(dataKey), { requireSealed: true }),
        });
        const notes = store.get().notes;
        for (let s = 1; s <= acked; s++) {
          if (!notes.get(`s${s}`)) throw new Error(`after kill ${kill}: acknowledged save ${s} is missing`);
        }
        await store.close();
      },
    });
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
