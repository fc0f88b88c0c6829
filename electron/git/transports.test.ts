import { execFileSync } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
import {
  freePort,
  gitDaemon,
  gitHttp,
  silentServer,
  sshServer,
  type Served,
} from '../../tests/git/git-servers.js';
import { gitAvailability } from './git-availability.js';
import { INSTALL_GIT } from './git-process.js';
import type { GitSetup, TopicRemote } from './topic-remote.js';

// Real transports on loopback: the same sync-like sequence over a path, git daemon (git://) and
// git http-backend (http://), then the failures a user meets, each in words.

const LIMITS = { maxBlobBytes: 1 << 20, maxEntries: 1000 };

let world: { dir: string; cleanup: () => Promise<void> };
let setup: GitSetup;
const opened: TopicRemote[] = [];
const servers: Served[] = [];
const at = (...p: string[]) => path.join(world.dir, ...p);

beforeEach(async () => {
  world = await tempWorld();
  setup = await testSetup(world.dir);
});
afterEach(async () => {
  for (const r of opened.splice(0)) await r.close();
  for (const s of servers.splice(0)) await s.stop();
  await world.cleanup();
});

async function openAt(dataDir: string, url: string, s: GitSetup = setup): Promise<TopicRemote> {
  const r = await open(at(dataDir), url, s);
  opened.push(r);
  return r;
}

type Transport = { name: string; url: (root: string) => Promise<string> };
const transports: Transport[] = [
  { name: 'a path', url: async (root) => path.join(root, 'topic.git') },
  {
    name: 'git daemon on 127.0.0.1',
    url: async (root) => {
      const d = await gitDaemon(root);
      servers.push(d);
      return d.url('topic.git');
    },
  },
  {
    name: 'git http-backend behind node:http on 127.0.0.1',
    url: async (root) => {
      const h = await gitHttp(root);
      servers.push(h);
      return h.url('topic.git');
    },
  },
];

/** The sync-like sequence every transport must carry: first push, racing pushes, fetch, read back. */
async function pushFetchRace(url: string, served: string, s: GitSetup = setup): Promise<void> {
  const a = await openAt('a', url, s);
  const b = await openAt('b', url, s);
  expect(await a.remoteTip()).toBeNull();
  expect(await a.fetch()).toBeNull();

  const c1 = await a.commit(null, [{ path: 'n1.md', bytes: text('one\n') }], 'first', author());
  expect(await a.push(c1)).toBe('pushed');
  expect(await b.remoteTip()).toBe(c1);
  expect(await b.fetch()).toBe(c1);

  const c2 = await b.commit(c1, [{ path: 'n2.md', bytes: text('two\n') }], 'second', author('Bo'));
  const racing = await a.commit(c1, [{ path: 'n3.md', bytes: text('three\n') }], 'racing', author());
  expect(await b.push(c2)).toBe('pushed');
  expect(await a.push(racing)).toBe('rejected');
  expect(await a.remoteTip()).toBe(c2);
  expect(await a.fetch()).toBe(c2);
  expect([await a.countAhead(racing, c2), await a.countAhead(c2, racing)]).toEqual([1, 1]);

  const c3 = await a.commit(c2, [{ path: 'n3.md', bytes: text('three\n') }], 'after fetch', author());
  expect(await a.push(c3)).toBe('pushed');
  expect(await b.fetch()).toBe(c3);
  const tree = await b.listTree(c3, LIMITS);
  expect(tree.map((e) => e.path)).toEqual(['n1.md', 'n2.md', 'n3.md']);
  const blobs = await b.readBlobs(
    tree.map((e) => e.id),
    LIMITS.maxBlobBytes,
  );
  expect(tree.map((e) => utf8(blobs.get(e.id)))).toEqual(['one\n', 'two\n', 'three\n']);
  // The served repository holds exactly the pushed history.
  expect(plainGit(['--git-dir', served, 'rev-parse', 'main']).trim()).toBe(c3);
}

describe.each(transports)('over $name', ({ url: serve }) => {
  it('pushes, fetches, checks the tip, refuses a racing push, counts ahead/behind', async () => {
    const served = bareRepo(at('served', 'topic.git'));
    await pushFetchRace(await serve(at('served')), served);
  });
});

describe("over ssh (sshd on 127.0.0.1, the user's own GIT_SSH_COMMAND)", () => {
  it('ssh:// and user@host:path work; an unknown host key and a refused key are said in words, never prompted', async () => {
    const sshd = await sshServer(at('sshd'));
    servers.push({ url: () => '', stop: sshd.stop });
    const ssh = (extra: string) => ({
      ...setup,
      env: { ...setup.env, GIT_SSH_COMMAND: `ssh -o IdentitiesOnly=yes -o Port=${sshd.port} ${extra}` },
    });
    const trusted = ssh(`-i ${sshd.clientKey} -o UserKnownHostsFile=${sshd.knownHosts}`);
    const served = bareRepo(at('served', 'topic.git'));
    await pushFetchRace(`ssh://${sshd.user}@127.0.0.1:${sshd.port}${served}`, served, trusted);
    const scp = await openAt('scp', `${sshd.user}@127.0.0.1:${served}`, trusted);
    expect(await scp.fetch()).toBe(plainGit(['--git-dir', served, 'rev-parse', 'main']).trim());

    // No known_hosts entry: ssh would ask on the terminal; here it has none, so it fails at once.
    const unknownHost = await openAt(
      'u',
      `${sshd.user}@127.0.0.1:${served}`,
      ssh(`-i ${sshd.clientKey} -o UserKnownHostsFile=${at('empty_known_hosts')}`),
    );
    await expect(unknownHost.fetch()).rejects.toMatchObject({ details: { reason: 'host-key' } });
    // A key the server does not accept: a login was asked for.
    const other = at('other-key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const refused = await openAt(
      'r',
      `${sshd.user}@127.0.0.1:${served}`,
      ssh(`-i ${other} -o UserKnownHostsFile=${sshd.knownHosts}`),
    );
    await expect(refused.remoteTip()).rejects.toMatchObject({ details: { reason: 'auth' } });
  });
});

describe('bundles across two repositories (an air gap)', () => {
  it('carries a full bundle, then one with only what the other side has not seen', async () => {
    const a = await openAt('a', at('no-network.git'));
    const b = await openAt('b', at('no-network-either.git'));
    const c1 = await a.commit(null, [{ path: 'n1.md', bytes: text('one\n') }], 'first', author());
    await mkdir(at('usb'));
    await a.createBundle(at('usb', 'full.bundle'), c1, []);
    expect(await b.applyBundle(at('usb', 'full.bundle'))).toBe(c1);
    expect((await b.listTree(c1, LIMITS)).map((e) => e.path)).toEqual(['n1.md']);

    const c2 = await a.commit(c1, [{ path: 'n2.md', bytes: text('two\n') }], 'second', author());
    await a.createBundle(at('usb', 'next.bundle'), c2, [c1]);
    // Only the new commit's objects travel: the bundle names c1 as a prerequisite.
    expect(plainGit(['bundle', 'list-heads', at('usb', 'next.bundle')]).trim()).toBe(`${c2} refs/heads/main`);
    expect(
      plainGit(['--git-dir', at('a', 'sharing', 'topic1.git'), 'bundle', 'verify', at('usb', 'next.bundle')]),
    ).toBeDefined();
    expect(await b.applyBundle(at('usb', 'next.bundle'))).toBe(c2);
    expect(await b.countAhead(c2, c1)).toBe(1);

    // A third notebook that never saw c1 is told to apply the earlier bundle first.
    const c = await openAt('c', at('nothing.git'));
    await expect(c.applyBundle(at('usb', 'next.bundle'))).rejects.toMatchObject({
      code: 'BAD_INPUT',
      details: { reason: 'bundle-incomplete' },
    });
    // Nothing new to send is said in words, not as an empty file.
    await expect(a.createBundle(at('usb', 'empty.bundle'), c2, [c2])).rejects.toMatchObject({
      message: 'The other side already has every commit: there is nothing to put in a bundle.',
    });
    await writeFile(at('usb', 'junk.bundle'), 'not a bundle');
    await expect(c.applyBundle(at('usb', 'junk.bundle'))).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('failures in words', () => {
  it('git missing from PATH: the install advice, no crash', async () => {
    const noGit = { env: { PATH: at('empty-bin'), HOME: world.dir } };
    expect(await gitAvailability(noGit)).toEqual({ ok: false, message: INSTALL_GIT });
    expect(await gitAvailability({ program: at('no-such-git') })).toEqual({
      ok: false,
      message: INSTALL_GIT,
    });
    await expect(open(at('a'), at('r.git'), noGit)).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: INSTALL_GIT,
      details: { reason: 'git-missing' },
    });
    expect(INSTALL_GIT).toContain('sudo apt install git');
    expect(await gitAvailability(setup)).toMatchObject({
      ok: true,
      version: expect.stringMatching(/^2\.\d+\.\d+$/),
    });
  });

  it('an unreachable remote, a remote that hangs, a server asking for a login', async () => {
    const closed = await freePort();
    const a = await openAt('a', `git://127.0.0.1:${closed}/topic.git`);
    await expect(a.fetch()).rejects.toMatchObject({ code: 'IO_ERROR', details: { reason: 'unreachable' } });

    const hang = await silentServer();
    try {
      const slow = await openAt('b', `git://127.0.0.1:${hang.port}/topic.git`, {
        ...setup,
        networkTimeoutMs: 1500,
      });
      await expect(slow.fetch()).rejects.toMatchObject({
        message: 'git took too long and was stopped.',
        details: { reason: 'timeout' },
      });
    } finally {
      await hang.stop();
    }

    bareRepo(at('served', 'topic.git'));
    const h = await gitHttp(at('served'), { requireLogin: true });
    servers.push(h);
    const c = await openAt('c', h.url('topic.git'));
    await expect(c.remoteTip()).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: `Could not read ${h.url('topic.git')}: the remote asked for a login. Set up a credential helper or an SSH key for it (Dossier never stores passwords).`,
      details: { reason: 'auth' },
    });

    const d = await gitDaemon(at('served'));
    servers.push(d);
    const missing = await openAt('d', d.url('missing.git'));
    await expect(missing.fetch()).rejects.toMatchObject({ details: { reason: 'not-a-repository' } });
  });

  it('refuses remotes that would run a program, and passwords in the address', async () => {
    for (const bad of [
      'ext::sh -c touch% /tmp/x',
      'fd::3',
      '-uhoh',
      'ftp://example.org/x.git',
      'ssh://-oProxyCommand=x/y',
    ])
      await expect(open(at('a'), bad, setup)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(open(at('a'), 'https://ada:secret@example.org/t.git', setup)).rejects.toMatchObject({
      message: expect.stringContaining('leave the password out of the address'),
    });
  });
});

describe('git runs safely whatever the environment and config say', () => {
  it('ignores an inherited GIT_DIR/GIT_INDEX_FILE, runs no hooks, refuses ext:: even through insteadOf', async () => {
    const victim = bareRepo(at('victim.git'));
    const hooks = at('hooks');
    await mkdir(hooks);
    for (const hook of ['pre-push', 'reference-transaction', 'post-update', 'pre-commit']) {
      await writeFile(path.join(hooks, hook), `#!/bin/sh\ntouch "${at('hook-ran')}-${hook}"\n`);
      await chmod(path.join(hooks, hook), 0o755);
    }
    const marker = at('ext-ran');
    await writeFile(
      at('gitconfig'),
      `[core]\n\thooksPath = ${hooks}\n\tfsmonitor = ${path.join(hooks, 'pre-push')}\n[url "ext::sh -c touch% ${marker}% #"]\n\tinsteadOf = evil:\n`,
    );
    const hostileEnv: GitSetup = {
      ...setup,
      env: {
        ...setup.env,
        GIT_DIR: victim,
        GIT_WORK_TREE: world.dir,
        GIT_INDEX_FILE: at('index'),
        GIT_OBJECT_DIRECTORY: at('victim.git', 'objects'),
        GIT_CONFIG_PARAMETERS: "'core.hookspath'='/tmp'",
        GIT_ASKPASS: path.join(hooks, 'pre-push'),
      },
    };
    const remote = bareRepo(at('remote.git'));
    const a = await open(at('a'), remote, hostileEnv);
    opened.push(a);
    const c = await a.commit(null, [{ path: 'n.md', bytes: text('n') }], 'm', author());
    expect(await a.push(c)).toBe('pushed');
    expect(await a.fetch()).toBe(c);
    // The victim repository named by GIT_DIR was never touched, and no hook ran.
    expect(plainGit(['--git-dir', victim, 'count-objects']).trim()).toBe('0 objects, 0 kilobytes');
    expect(existsSync(at('index'))).toBe(false);
    for (const hook of ['pre-push', 'reference-transaction', 'post-update', 'pre-commit'])
      expect(existsSync(`${at('hook-ran')}-${hook}`), hook).toBe(false);

    const evil = await open(at('e'), 'evil:x', hostileEnv);
    opened.push(evil);
    await expect(evil.fetch()).rejects.toBeDefined();
    expect(existsSync(marker)).toBe(false);
  });
});
