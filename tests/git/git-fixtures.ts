import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { plainSealer, type Sealer } from '../../electron/store/sealed/sealer.js';
import { openTopicRemote } from '../../electron/git/open-topic-remote.js';
import type { GitSetup, Signature, TopicRemote } from '../../electron/git/topic-remote.js';

/** Real git, run the way a teammate's plain client would (for setting up remotes and checking results). */
export function plainGit(args: string[], options: { cwd?: string; input?: string | Buffer } = {}): string {
  return execFileSync('git', args, {
    cwd: options.cwd ?? os.tmpdir(),
    input: options.input,
    env: { ...process.env, ...quietEnv() },
    maxBuffer: 256 * 1024 * 1024,
  }).toString('utf8');
}

/** A git environment that does not depend on the machine's config (no credential helper, no hooks). */
function quietEnv(): Record<string, string> {
  return {
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_AUTHOR_NAME: 'Teammate',
    GIT_AUTHOR_EMAIL: 'mate@example.org',
    GIT_COMMITTER_NAME: 'Teammate',
    GIT_COMMITTER_EMAIL: 'mate@example.org',
  };
}

/** A temp folder per test, removed by the returned cleanup. */
export async function tempWorld(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dossier-git-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A bare repository a partner would host (a path remote). */
export function bareRepo(dir: string): string {
  plainGit(['init', '--bare', '--quiet', dir]);
  return dir;
}

/** The setup the adapter runs with in tests: the machine's git, none of the machine's config. */
export async function testSetup(world: string, extra: Record<string, string> = {}): Promise<GitSetup> {
  const globalConfig = path.join(world, 'gitconfig');
  await writeFile(globalConfig, '', { flag: 'a' });
  return {
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: globalConfig, ...extra },
    networkTimeoutMs: 30_000,
  };
}

export const author = (name = 'Ada'): Signature => ({
  name,
  email: `${name.toLowerCase()}@example.org`,
  time: new Date('2025-03-01T10:00:00Z'),
});

export const text = (s: string) => new TextEncoder().encode(s);
export const utf8 = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

/** Opens a topic repository for a data folder. */
export function open(
  dataDir: string,
  url: string,
  setup: GitSetup,
  options: { sealer?: Sealer; branch?: string; topicId?: string } = {},
): Promise<TopicRemote> {
  return openTopicRemote({
    dataDir,
    topicId: options.topicId ?? 'topic1',
    url,
    branch: options.branch ?? 'main',
    sealer: options.sealer ?? plainSealer,
    git: setup,
  });
}

/** Every file below `dir`, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
