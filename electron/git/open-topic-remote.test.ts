import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DossierError } from '../domain/errors.js';
import {
  author,
  bareRepo,
  listFiles,
  open,
  plainGit,
  tempWorld,
  testSetup,
  text,
  utf8,
} from '../../tests/git/git-fixtures.js';
import type { GitSetup, TopicRemote } from './topic-remote.js';

const LIMITS = { maxBlobBytes: 1 << 20, maxEntries: 1000 };

let world: { dir: string; cleanup: () => Promise<void> };
let setup: GitSetup;
const opened: TopicRemote[] = [];
const at = (...p: string[]) => path.join(world.dir, ...p);

beforeEach(async () => {
  world = await tempWorld();
  setup = await testSetup(world.dir);
});
afterEach(async () => {
  for (const r of opened.splice(0)) await r.close();
  await world.cleanup();
});

async function openAt(dataDir: string, url: string): Promise<TopicRemote> {
  const r = await open(at(dataDir), url, setup);
  opened.push(r);
  return r;
}

describe('a topic repository against a path remote', () => {
  it('commits, pushes, fetches, lists and reads; a racing push is rejected, not an error', async () => {
    const remote = bareRepo(at('remote.git'));
    const a = await openAt('a', remote);
    expect(await a.remoteTip()).toBeNull();
    expect(await a.fetch()).toBeNull();

    const first = await a.commit(
      null,
      [
        { path: 'Meeting in Delft.md', bytes: text('---\nid: n1\n---\nBody one\n') },
        { path: 'field notes/Ünïcode "quoted".md', bytes: text('two\n') },
        { path: 'attachments/x.bin', bytes: new Uint8Array([0, 1, 2, 255]) },
      ],
      'First share',
      author(),
    );
    expect(first).toMatch(/^[0-9a-f]{40}$/);
    expect(await a.push(first)).toBe('pushed');
    expect(await a.remoteTip()).toBe(first);
    // A plain git client sees the commit as written.
    expect(plainGit(['--git-dir', remote, 'log', '--format=%an <%ae> %s', 'main'])).toBe(
      'Ada <ada@example.org> First share\n',
    );
    expect(plainGit(['--git-dir', remote, 'show', 'main:field notes/Ünïcode "quoted".md'])).toBe('two\n');

    const b = await openAt('b', remote);
    expect(await b.fetch()).toBe(first);
    const tree = await b.listTree(first, LIMITS);
    expect(tree.map((e) => [e.path, e.kind, e.size, e.problem])).toEqual([
      ['Meeting in Delft.md', 'file', 24, undefined],
      ['attachments/x.bin', 'file', 4, undefined],
      // listed and readable; the '"' is only a warning for a teammate on Windows
      ['field notes/Ünïcode "quoted".md', 'file', 4, 'windows-name'],
    ]);
    const blobs = await b.readBlobs(
      tree.map((e) => e.id),
      LIMITS.maxBlobBytes,
    );
    expect(utf8(blobs.get(tree[0]!.id))).toBe('---\nid: n1\n---\nBody one\n');
    expect([...blobs.get(tree[1]!.id)!]).toEqual([0, 1, 2, 255]);
    expect((await b.readBlobs([], 10)).size).toBe(0);

    // b edits one file and removes another; its parent's other files stay as they were.
    const second = await b.commit(
      first,
      [
        { path: 'Meeting in Delft.md', bytes: text('---\nid: n1\n---\nBody one, edited\n') },
        { path: 'field notes/Ünïcode "quoted".md', remove: true },
      ],
      'Edit',
      author('Bo'),
    );
    expect(await b.push(second)).toBe('pushed');
    expect((await b.listTree(second, LIMITS)).map((e) => e.path)).toEqual([
      'Meeting in Delft.md',
      'attachments/x.bin',
    ]);

    // a races: its commit on the old tip is refused as 'rejected', and the remote keeps b's commit.
    const racing = await a.commit(first, [{ path: 'new.md', bytes: text('x') }], 'Racing', author());
    expect(await a.push(racing)).toBe('rejected');
    expect(await a.remoteTip()).toBe(second);
    expect(await a.fetch()).toBe(second);
    expect(await a.countAhead(racing, second)).toBe(1);
    expect(await a.countAhead(second, racing)).toBe(1);
    expect(await a.countAhead(second, null)).toBe(2);
    expect(await a.countAhead(null, second)).toBe(0);
    // fetch, commit on top, push: fast-forward.
    const merged = await a.commit(second, [{ path: 'new.md', bytes: text('x') }], 'Merged', author());
    expect(await a.push(merged)).toBe('pushed');
    expect(await b.fetch()).toBe(merged);
    expect(await b.countAhead(merged, second)).toBe(1);
  });

  it('keeps nothing but the bare repository in the data folder, and no working tree anywhere', async () => {
    const remote = bareRepo(at('remote.git'));
    const a = await openAt('a', remote);
    const c = await a.commit(null, [{ path: 'n.md', bytes: text('n') }], 'm', author());
    await a.push(c);
    await a.fetch();
    const files = await listFiles(at('a'));
    expect(files.every((f) => f.startsWith(path.join('sharing', 'topic1.git') + path.sep))).toBe(true);
    expect(files).not.toContain(path.join('sharing', 'topic1.git', 'index'));
    expect(files.some((f) => f.endsWith('n.md'))).toBe(false);
  });

  it('accepts a relative path and file:// remotes', async () => {
    const remote = bareRepo(at('remote.git'));
    const a = await openAt('a', `file://${remote}`);
    const c = await a.commit(null, [{ path: 'n.md', bytes: text('n') }], 'm', author());
    expect(await a.push(c)).toBe('pushed');
    const cwd = process.cwd();
    process.chdir(world.dir);
    try {
      const b = await openAt('b', 'remote.git');
      expect(await b.fetch()).toBe(c);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses to write paths that are not plain relative file names', async () => {
    const a = await openAt('a', bareRepo(at('remote.git')));
    for (const bad of [
      '../evil.md',
      '.git/config',
      'a/./b.md',
      '/abs.md',
      'a\\b.md',
      'x\u0000y',
      'dir/.GIT/x',
    ])
      await expect(a.commit(null, [{ path: bad, bytes: text('x') }], 'm', author())).rejects.toMatchObject({
        code: 'BAD_INPUT',
      });
  });

  it('a push the remote refuses (not a race) is an error in words, not "rejected"', async () => {
    // A teammate's working clone as the remote: git refuses to move its checked-out branch.
    const clone = at('working-clone');
    plainGit(['init', '--quiet', '--initial-branch=main', clone]);
    plainGit(['-C', clone, 'commit', '--quiet', '--allow-empty', '-m', 'start'], {});
    const a = await openAt('a', clone);
    const start = (await a.fetch())!;
    const c = await a.commit(start, [{ path: 'n.md', bytes: text('n') }], 'm', author());
    await expect(a.push(c)).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: `${clone} refused the push (branch is currently checked out); nothing was changed there.`,
      details: { reason: 'remote-refused' },
    });
  });

  it('keep() holds a commit the remote no longer has', async () => {
    const remote = bareRepo(at('remote.git'));
    const a = await openAt('a', remote);
    const c1 = await a.commit(null, [{ path: 'n.md', bytes: text('one') }], 'm', author());
    await a.push(c1);
    await a.keep(c1);
    // The remote is force-pushed to an unrelated history; the kept base still reads.
    const other = await a.commit(null, [{ path: 'o.md', bytes: text('other') }], 'o', author());
    plainGit([
      '--git-dir',
      at('a', 'sharing', 'topic1.git'),
      'push',
      '--quiet',
      '--force',
      remote,
      `${other}:refs/heads/main`,
    ]);
    expect(await a.fetch()).toBe(other);
    expect((await a.listTree(c1, LIMITS)).map((e) => e.path)).toEqual(['n.md']);
    expect(
      plainGit(['--git-dir', at('a', 'sharing', 'topic1.git'), 'rev-parse', 'refs/dossier/base']).trim(),
    ).toBe(c1);
    await a.keep(null);
  });

  it('fails in words: an unknown commit, a missing remote, a closed repository', async () => {
    const a = await openAt('a', at('nowhere.git'));
    await expect(a.fetch()).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `There is no git repository at ${at('nowhere.git')}.`,
      details: { reason: 'not-a-repository' },
    });
    await expect(a.listTree('0'.repeat(40), LIMITS)).rejects.toBeInstanceOf(DossierError);
    await expect(a.listTree('HEAD', LIMITS)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await a.close();
    await expect(a.fetch()).rejects.toMatchObject({ message: "The shared topic's repository is closed." });
  });
});
