import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bareRepo, listFiles, open, plainGit, tempWorld, testSetup } from '../../tests/git/git-fixtures.js';
import type { GitSetup, TopicRemote } from './topic-remote.js';

// A hostile remote, built with real git plumbing: names git's own checks refuse at the door (fetch), names and
// kinds that pass them and are reported by listTree, a huge blob, a tree with 200k files.

let world: { dir: string; cleanup: () => Promise<void> };
let setup: GitSetup;
let remote: string;
const opened: TopicRemote[] = [];
const at = (...p: string[]) => path.join(world.dir, ...p);
const LIMITS = { maxBlobBytes: 1 << 20, maxEntries: 10_000 };

beforeEach(async () => {
  world = await tempWorld();
  setup = await testSetup(world.dir);
  remote = bareRepo(at('remote.git'));
});
afterEach(async () => {
  for (const r of opened.splice(0)) await r.close();
  await world.cleanup();
});

async function openLocal(): Promise<TopicRemote> {
  const r = await open(at('data'), remote, setup);
  opened.push(r);
  return r;
}
const localRepo = () => at('data', 'sharing', 'topic1.git');

type Raw = { mode: string; name: string | Buffer; id: string };

/** Writes a tree object exactly as given (git's checks bypassed), entries in git's order unless told not to. */
function rawTree(gitDir: string, entries: Raw[], options: { sort?: boolean } = {}): string {
  const named = entries.map((e) => ({ ...e, bytes: Buffer.isBuffer(e.name) ? e.name : Buffer.from(e.name) }));
  // git's order: bytes, a tree compared as if its name ended in "/"
  const key = (e: (typeof named)[number]) =>
    e.mode === '40000' ? Buffer.concat([e.bytes, Buffer.from('/')]) : e.bytes;
  if (options.sort !== false) named.sort((a, b) => Buffer.compare(key(a), key(b)));
  const body = Buffer.concat(
    named.map((e) =>
      Buffer.concat([Buffer.from(`${e.mode} `), e.bytes, Buffer.from([0]), Buffer.from(e.id, 'hex')]),
    ),
  );
  return plainGit(['--git-dir', gitDir, 'hash-object', '-t', 'tree', '--literally', '-w', '--stdin'], {
    input: body,
  }).trim();
}

const blob = (gitDir: string, content: string | Buffer) =>
  plainGit(['--git-dir', gitDir, 'hash-object', '-w', '--stdin'], { input: content }).trim();

function commitOn(gitDir: string, tree: string, ref = 'refs/heads/main'): string {
  const c = plainGit(['--git-dir', gitDir, 'commit-tree', '-m', 'hostile', tree]).trim();
  plainGit(['--git-dir', gitDir, 'update-ref', ref, c]);
  return c;
}

/** Every file of the world outside the data folder and the remote (which must not change). */
const outside = async () =>
  (await listFiles(world.dir)).filter(
    (f) => !f.startsWith(`data${path.sep}`) && !f.startsWith(`remote.git${path.sep}`),
  );

describe('a hostile remote', () => {
  it("is refused at fetch when git's checks find '..' or a .git folder in any spelling; nothing is taken", async () => {
    const local = await openLocal();
    const id = blob(remote, 'payload\n');
    for (const name of ['..', '.git', '.GIT', 'git~1', '.git.', '.git ', '.g\u200cit']) {
      const inner = rawTree(remote, [{ mode: '100644', name, id }]);
      const top = rawTree(remote, [{ mode: '40000', name: 'notes', id: inner }]);
      commitOn(remote, top);
      await expect(local.fetch(), name).rejects.toMatchObject({
        code: 'DATA_TAMPERED',
        details: { reason: 'unsafe-objects' },
      });
      // The refused tree did not land, and the remote branch is still unknown locally.
      expect(() => plainGit(['--git-dir', localRepo(), 'cat-file', '-e', inner])).toThrow();
    }
    expect(plainGit(['--git-dir', localRepo(), 'for-each-ref']).trim()).toBe('');
  });

  it('lists kinds and path problems of names that pass git, and writes nothing outside the data folder', async () => {
    const before = await outside();
    const file = blob(remote, 'text\n');
    const target = blob(remote, '../../../../etc/passwd');
    const deep = rawTree(remote, [{ mode: '100644', name: 'leaf.md', id: file }]);
    const tree = rawTree(remote, [
      { mode: '100644', name: 'ok.md', id: file },
      { mode: '100755', name: 'run.sh', id: file },
      { mode: '120000', name: 'link.md', id: target },
      { mode: '160000', name: 'vendor', id: 'e'.repeat(40) },
      { mode: '100644', name: 'a\\..\\..\\b.md', id: file },
      { mode: '100644', name: 'bell\u0007.md', id: file },
      { mode: '100644', name: `${'x'.repeat(300)}.md`, id: file },
      { mode: '100644', name: 'Note.md', id: file },
      { mode: '100644', name: 'note.md', id: file },
      { mode: '100644', name: 'e\u0301t\u00e9.md', id: file }, // NFD é first in byte order
      { mode: '100644', name: '\u00e9t\u00e9.md', id: file },
      { mode: '100644', name: 'CON.md', id: file },
      { mode: '100644', name: Buffer.from([0xff, 0xfe, 0x2e, 0x6d, 0x64]), id: file },
      { mode: '40000', name: 'dir', id: deep },
    ]);
    const commit = commitOn(remote, tree);
    const local = await openLocal();
    expect(await local.fetch()).toBe(commit);
    const listed = await local.listTree(commit, LIMITS);
    const byPath = new Map(listed.map((e) => [e.path, e]));
    expect(byPath.get('ok.md')).toMatchObject({ kind: 'file', size: 5 });
    expect(byPath.get('ok.md')?.problem).toBeUndefined();
    expect(byPath.get('dir/leaf.md')?.problem).toBeUndefined();
    expect(byPath.get('run.sh')).toMatchObject({ kind: 'executable' });
    expect(byPath.get('link.md')).toMatchObject({ kind: 'symlink', size: 22 });
    expect(byPath.get('vendor')).toMatchObject({ kind: 'submodule', size: 0 });
    expect(byPath.get('a\\..\\..\\b.md')?.problem).toBe('unsafe');
    expect(byPath.get('bell\u0007.md')?.problem).toBe('unsafe');
    expect(byPath.get(`${'x'.repeat(300)}.md`)?.problem).toBe('too-long');
    expect(byPath.get('Note.md')?.problem).toBeUndefined();
    expect(byPath.get('note.md')?.problem).toBe('case-collision');
    expect(byPath.get('e\u0301t\u00e9.md')?.problem).toBeUndefined();
    expect(byPath.get('\u00e9t\u00e9.md')?.problem).toBe('normalization-collision');
    expect(byPath.get('CON.md')?.problem).toBe('windows-name');
    expect(listed.find((e) => e.path.endsWith('.md') && e.path.includes('\ufffd'))?.problem).toBe('not-utf8');
    // A symlink's target is only bytes: reading it creates nothing anywhere.
    const read = await local.readBlobs([target], LIMITS.maxBlobBytes);
    expect(Buffer.from(read.get(target)!).toString()).toBe('../../../../etc/passwd');
    expect(await outside()).toEqual(before);
  });

  it("reports '..', '.git' and duplicate entries that reached the local repository some other way", async () => {
    const local = await openLocal();
    // Written straight into the local repository, as an older git without these checks could have.
    const gitDir = localRepo();
    const file = blob(gitDir, 'x');
    const inner = rawTree(gitDir, [
      { mode: '100644', name: '..', id: file },
      { mode: '100644', name: '.git', id: file },
    ]);
    const tree = rawTree(
      gitDir,
      [
        { mode: '40000', name: 'notes', id: inner },
        { mode: '100644', name: 'twice.md', id: file },
        { mode: '100644', name: 'twice.md', id: file },
      ],
      { sort: false },
    );
    const commit = commitOn(gitDir, tree, 'refs/dossier/planted');
    const listed = await local.listTree(commit, LIMITS);
    expect(listed.map((e) => [e.path, e.problem])).toEqual([
      ['notes/..', 'unsafe'],
      ['notes/.git', 'unsafe'],
      ['twice.md', 'duplicate'],
      ['twice.md', 'duplicate'],
    ]);
  });

  it('refuses a 60 MB blob by its size before reading it', { timeout: 120_000 }, async () => {
    const big = Buffer.alloc(60 * 1024 * 1024, 'dossier ');
    const id = blob(remote, big);
    const commit = commitOn(remote, rawTree(remote, [{ mode: '100644', name: 'big.bin', id }]));
    const local = await openLocal();
    await local.fetch();
    const limit = 50 * 1024 * 1024;
    expect(await local.listTree(commit, { maxBlobBytes: limit, maxEntries: 10 })).toEqual([
      { path: 'big.bin', id, kind: 'file', size: big.length, problem: 'too-large' },
    ]);
    await expect(local.readBlobs([id], limit)).rejects.toMatchObject({
      code: 'TOO_LARGE',
      details: { reason: 'too-large', ids: [id] },
    });
    // With room for it, the same blob reads whole (the refusal above is the limit's doing).
    expect((await local.readBlobs([id], 64 * 1024 * 1024)).get(id)?.length).toBe(big.length);
  });

  it(
    'refuses a tree of 200k files by count, streaming (at most maxEntries are kept)',
    { timeout: 120_000 },
    async () => {
      const lines = ['blob', 'mark :1', 'data 2', 'x', ''];
      lines.push('commit refs/heads/main', 'committer T <t@x> 1700000000 +0000', 'data 1', 'm');
      for (let i = 0; i < 200_000; i++) lines.push(`M 100644 :1 d${i % 500}/n${i}.md`);
      plainGit(['--git-dir', remote, 'fast-import', '--quiet'], { input: lines.join('\n') + '\n' });
      const tip = plainGit(['--git-dir', remote, 'rev-parse', 'main']).trim();
      const local = await openLocal();
      expect(await local.fetch()).toBe(tip);
      await expect(local.listTree(tip, { maxBlobBytes: 10, maxEntries: 100_000 })).rejects.toMatchObject({
        code: 'TOO_LARGE',
        message: expect.stringContaining('more than 100000 files'),
      });
      // The limit is what refused it: with room, all 200k are listed.
      expect((await local.listTree(tip, { maxBlobBytes: 10, maxEntries: 200_000 })).length).toBe(200_000);
    },
  );
});
