import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANARIES, filesUnder } from '../../tests/contract/sealed-helpers.js';
import {
  author,
  bareRepo,
  open,
  plainGit,
  tempWorld,
  testSetup,
  text,
  utf8,
} from '../../tests/git/git-fixtures.js';
import { convertDataDir } from '../store/sealed/convert.js';
import { familyOf } from '../store/sealed/data-files.js';
import { isSealedFile, keySealer, plainSealer, type Sealer } from '../store/sealed/sealer.js';
import { privateParent } from './repository-home.js';
import type { GitSetup, TopicRemote } from './topic-remote.js';

// A protected notebook keeps nothing readable at rest: a shared topic's repository is sealed file by file in
// the data folder, and git works on a private copy only while the topic is open. git is told not to compress
// (core.compression=0 in the test's global config) so that plaintext in a repository is plaintext on disk:
// the control case below finds the canaries, so the scan can fail.

const LIMITS = { maxBlobBytes: 1 << 20, maxEntries: 1000 };
const [W1, W2, W3] = CANARIES;

let world: { dir: string; cleanup: () => Promise<void> };
let setup: GitSetup;
let remote: string;
const at = (...p: string[]) => path.join(world.dir, ...p);

beforeEach(async () => {
  world = await tempWorld();
  await writeFile(
    at('gitconfig'),
    '[core]\n\tcompression = 0\n\tlooseCompression = 0\n[pack]\n\tcompression = 0\n',
  );
  setup = await testSetup(world.dir);
  remote = bareRepo(at('remote.git'));
});
afterEach(() => world.cleanup());

/** Every canary (UTF-8, as planted and lower case) found in any file below `dir`. */
async function leaks(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const f of await filesUnder(dir)) {
    const bytes = await readFile(f);
    for (const word of CANARIES)
      for (const form of [word, word.toLowerCase()])
        if (bytes.includes(Buffer.from(form))) found.push(`${path.relative(dir, f)}: ${form}`);
  }
  return found;
}

/** The private working copies of this process that exist now. */
async function privateCopies(): Promise<string[]> {
  const parent = await privateParent();
  return (await readdir(parent))
    .filter((n) => n.startsWith(`${process.pid}-`))
    .map((n) => path.join(parent, n));
}

/** A sync-like sequence: first push, a teammate's edit, fetch, read, merge commit, push, keep the base. */
async function syncLike(dataDir: string, sealer: Sealer): Promise<{ tip: string; local: TopicRemote }> {
  const local = await open(dataDir, remote, setup, { sealer });
  const c1 = await local.commit(
    null,
    [
      { path: `${W1} meeting.md`, bytes: text(`---\nid: n1\n---\nWe met about ${W2}.\n`) },
      { path: `field/${W3}.md`, bytes: text('plain words\n') },
    ],
    'First share',
    author(),
  );
  expect(await local.push(c1)).toBe('pushed');
  // A teammate edits with a plain git client.
  const clone = at('teammate');
  plainGit(['clone', '--quiet', '--branch', 'main', remote, clone]);
  await writeFile(path.join(clone, `${W1} meeting.md`), `---\nid: n1\n---\nWe met about ${W2}. And ${W3}.\n`);
  plainGit(['-C', clone, 'commit', '--quiet', '-am', 'teammate edit']);
  plainGit(['-C', clone, 'push', '--quiet', 'origin', 'HEAD:main']);
  const c2 = (await local.fetch())!;
  const tree = await local.listTree(c2, LIMITS);
  const blobs = await local.readBlobs(
    tree.map((e) => e.id),
    LIMITS.maxBlobBytes,
  );
  expect(utf8(blobs.get(tree.find((e) => e.path === `${W1} meeting.md`)!.id))).toContain(`And ${W3}.`);
  const c3 = await local.commit(c2, [{ path: 'new.md', bytes: text(`${W1} again\n`) }], 'Sync', author());
  expect(await local.push(c3)).toBe('pushed');
  await local.keep(c3);
  await local.flush();
  return { tip: c3, local };
}

describe('a shared topic in a protected notebook', () => {
  it('control: in a plain notebook the scan finds the canaries in the repository', async () => {
    const { local } = await syncLike(at('plain'), plainSealer);
    await local.close();
    expect((await leaks(at('plain'))).length).toBeGreaterThan(0);
  });

  it('leaves no plaintext in the data folder, during and after a sync, and reopens from the sealed files', async () => {
    const sealer = keySealer(randomBytes(32), { requireSealed: true });
    const { tip, local } = await syncLike(at('data'), sealer);
    // While open (after flush): the data folder is sealed, the plaintext is in one private 0700 folder.
    expect(await leaks(at('data'))).toEqual([]);
    const copies = await privateCopies();
    expect(copies).toHaveLength(1);
    expect((await stat(copies[0]!)).mode & 0o777).toBe(0o700);
    expect((await stat(path.dirname(copies[0]!))).mode & 0o777).toBe(0o700);
    await local.close();
    expect(await privateCopies()).toEqual([]);

    expect(await leaks(at('data'))).toEqual([]);
    const files = await filesUnder(at('data'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) {
      const rel = path.relative(at('data'), f).split(path.sep).join('/');
      expect(familyOf(rel)?.name, rel).toBe('shared topic repositories');
      expect(isSealedFile(await readFile(f)), rel).toBe(true);
      // no object id or branch name as a file name: objects are packed, refs are in packed-refs
      expect(rel, rel).toMatch(
        /^sharing\/topic1\.git\/(HEAD|config|packed-refs|objects\/pack\/pack-[0-9a-f]+\.(pack|idx))$/,
      );
    }

    // Reopened: the history and the kept base are there, read back from the sealed files.
    const again = await open(at('data'), remote, setup, { sealer });
    try {
      expect(await again.countAhead(tip, null)).toBe(3);
      expect((await again.listTree(tip, LIMITS)).map((e) => e.path)).toEqual([
        `${W1} meeting.md`,
        `field/${W3}.md`,
        'new.md',
      ]);
      expect(await again.remoteTip()).toBe(tip);
      expect(await again.fetch()).toBe(tip);
    } finally {
      await again.close();
    }
  });

  it('refuses a tampered repository file; a lock mid-session still removes the private copy', async () => {
    const sealer = keySealer(randomBytes(32), { requireSealed: true });
    const { local } = await syncLike(at('data'), sealer);
    await local.close();
    const pack = (await filesUnder(at('data'))).find((f) => f.endsWith('.pack'))!;
    const bytes = await readFile(pack);
    bytes[bytes.length - 40]! ^= 0x01;
    await writeFile(pack, bytes);
    await expect(open(at('data'), remote, setup, { sealer })).rejects.toMatchObject({
      code: 'DATA_TAMPERED',
    });
    expect(await privateCopies()).toEqual([]);

    const other = keySealer(randomBytes(32), { requireSealed: true });
    const fresh = await open(at('data2'), remote, setup, { sealer: other });
    await fresh.fetch();
    other.forget(); // the notebook locks mid-sync
    await expect(fresh.close()).rejects.toMatchObject({ code: 'NOTEBOOK_LOCKED' });
    expect(await privateCopies()).toEqual([]);
  });

  it('removes a private copy left by a process that is gone', async () => {
    const parent = await privateParent();
    let dead = 999_999;
    for (; ; dead--) {
      try {
        process.kill(dead, 0);
      } catch {
        break;
      }
    }
    const stale = path.join(parent, `${dead}-leftover`);
    await mkdir(path.join(stale, 'repo.git'), { recursive: true });
    await writeFile(path.join(stale, 'repo.git', 'HEAD'), 'plaintext left by a crash');
    const sealer = keySealer(randomBytes(32), { requireSealed: true });
    const local = await open(at('data'), remote, setup, { sealer });
    await local.close();
    await expect(stat(stale)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('turning protection on and off converts the repository like any other file', async () => {
    const { tip, local } = await syncLike(at('data'), plainSealer);
    await local.close();
    expect((await leaks(at('data'))).length).toBeGreaterThan(0);
    const key = randomBytes(32);
    const report = await convertDataDir(at('data'), {
      from: keySealer(key, { requireSealed: false }),
      to: keySealer(key, { requireSealed: true }),
    });
    expect(report.unknown).toEqual([]);
    expect(await leaks(at('data'))).toEqual([]);
    const sealer = keySealer(key, { requireSealed: true });
    const sealed = await open(at('data'), remote, setup, { sealer });
    expect((await sealed.listTree(tip, LIMITS)).length).toBe(3);
    const c = await sealed.commit(tip, [{ path: 'after.md', bytes: text(`${W2}\n`) }], 'after', author());
    await sealed.keep(c);
    await sealed.close();
    expect(await leaks(at('data'))).toEqual([]);

    await convertDataDir(at('data'), { from: keySealer(key, { requireSealed: true }), to: plainSealer });
    const plain = await open(at('data'), remote, setup);
    try {
      expect((await plain.listTree(c, LIMITS)).map((e) => e.path)).toContain('after.md');
    } finally {
      await plain.close();
    }
  });
});
