import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForNode } from '../../tests/setup/bundle.js';
import { killRepeatedly } from '../../tests/durability/kill-loop.js';
import { bareRepo, open, plainGit, tempWorld, testSetup } from '../../tests/git/git-fixtures.js';
import { filesUnder } from '../../tests/contract/sealed-helpers.js';
import { isSealedFile, keySealer } from '../store/sealed/sealer.js';
import { privateParent } from './repository-home.js';

// kill -9 of a process syncing a protected notebook's topic, at seeded-random moments (while unsealing the
// repository into its private copy, committing, pushing, sealing back). After every kill the repository opens
// from what rests in the data folder, holds every commit that was acknowledged (pushed and flushed), git finds
// it whole, nothing at rest is plain, and the killed process's private copy is removed by the next open.

const KILLS = Number(process.env.DOSSIER_KILLS ?? 25);
const here = path.dirname(fileURLToPath(import.meta.url));
const dataKey = randomBytes(32);
let world: { dir: string; cleanup: () => Promise<void> };
let childScript: string;

beforeAll(async () => {
  world = await tempWorld();
  childScript = path.join(world.dir, 'sync-loop.mjs');
  await bundleForNode(path.join(here, '..', '..', 'tests', 'git', 'fixtures', 'sync-loop.ts'), childScript, {
    packages: 'bundle',
  });
});
afterAll(() => world.cleanup());

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Private copies in the per-user folder: this process's, or those of processes that are gone (the killed). */
const copiesOf = async (whose: 'mine' | 'dead') =>
  (await readdir(await privateParent())).filter((n) =>
    whose === 'mine' ? n.startsWith(`${process.pid}-`) : !alive(Number(n.split('-')[0])),
  );

describe('kill -9 while syncing a protected notebook', () => {
  it(`keeps every acknowledged commit at rest, whole and sealed, across ${KILLS} kills`, async () => {
    const dataDir = path.join(world.dir, 'data');
    const remote = bareRepo(path.join(world.dir, 'remote.git'));
    const setup = await testSetup(world.dir);
    const sealer = keySealer(Buffer.from(dataKey), { requireSealed: true });
    const before = new Set(await copiesOf('dead'));
    const survived = new Map<string, number>();
    const acknowledged = await killRepeatedly({
      script: childScript,
      dataDir,
      kills: KILLS,
      seed: 20251206,
      delay: (rand) => Math.floor(rand() * 1500),
      env: { DOSSIER_TEST_DATA_KEY: dataKey.toString('hex') },
      verify: async (kill, acked) => {
        for (const f of await filesUnder(dataDir)) {
          const bytes = await readFile(f);
          // a sealed write cut short is a temp file: empty or a sealed prefix, never plaintext
          if (bytes.length > 0 && !isSealedFile(bytes)) throw new Error(`after kill ${kill}: ${f} is plain`);
        }
        const local = await open(dataDir, remote, setup, { sealer, topicId: 'killed' });
        try {
          if (acked > 0) {
            const id = plainGit([
              '--git-dir',
              remote,
              'log',
              '--format=%H',
              '--grep',
              `^save ${acked}$`,
              'main',
            ]).trim();
            // read from the repository at rest, without fetching
            const tree = await local.listTree(id, { maxBlobBytes: 100, maxEntries: 10_000 });
            if (tree.length !== acked)
              throw new Error(`after kill ${kill}: ${tree.length} files, ${acked} acked`);
          }
          const [copy] = await copiesOf('mine');
          plainGit([
            '--git-dir',
            path.join(await privateParent(), copy!, 'repo.git'),
            'fsck',
            '--no-progress',
          ]);
        } finally {
          await local.close();
        }
        // Copies of killed children go at the next open. A git the kill orphaned may still be finishing in one
        // and recreate its folders (inside the 0700 parent): a copy may outlive one more open, not two.
        if (((await stat(await privateParent())).mode & 0o077) !== 0)
          throw new Error('the parent is not private');
        for (const name of await copiesOf('dead')) {
          if (before.has(name)) continue;
          const seen = (survived.get(name) ?? 0) + 1;
          if (seen > 2) throw new Error(`after kill ${kill}: private copy ${name} is still there`);
          survived.set(name, seen);
        }
      },
    });
    expect(acknowledged).toBeGreaterThan(3);
  }, 600_000);
});
