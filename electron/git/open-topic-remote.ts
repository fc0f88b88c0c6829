import os from 'node:os';
import path from 'node:path';
import { gitAvailability } from './git-availability.js';
import { remoteFailure } from './git-failures.js';
import { gitError, gitOf, lastLine, runGit, type Git } from './git-process.js';
import { ObjectReader } from './object-reader.js';
import { parseRemote, type RemoteAddress } from './remote-url.js';
import { plainHome, repositoryPath, sealedHome, type RepositoryHome } from './repository-home.js';
import { listTree } from './tree-listing.js';
import { writeCommit } from './commit-writer.js';
import type { PushOutcome, ReadLimits, TopicRemote, TopicRemoteOptions } from './topic-remote.js';

/**
 * The git adapter behind the TopicRemote port: one shared topic's bare repository and its one remote branch,
 * driven through plumbing only (fast-import, cat-file, ls-tree, fetch, push, ls-remote, rev-list, bundle).
 */

/** The remote branch's tip as last fetched or pushed. */
const REMOTE_REF = 'refs/dossier/remote';
/** What keep() holds on to (the merge base). */
const BASE_REF = 'refs/dossier/base';
/** The tip of the last bundle applied. */
const BUNDLE_REF = 'refs/dossier/bundle';

const HEX = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function commitId(id: string, what = 'commit'): string {
  if (!HEX.test(id)) throw gitError('BAD_INPUT', 'bad-input', `"${id}" is not a ${what} id.`);
  return id;
}

/** Programs (with their PATH) found usable: checked once per process, not on every sync. */
const usable = new Set<string>();

async function requireGit(git: Git, setup: TopicRemoteOptions['git']): Promise<void> {
  const key = `${git.program}\0${git.env.PATH ?? ''}`;
  if (usable.has(key)) return;
  const available = await gitAvailability(setup);
  if (!available.ok) throw gitError('IO_ERROR', 'git-missing', available.message);
  usable.add(key);
}

/** Opens (creating if needed) a shared topic's repository; fails in words when git is missing. */
export async function openTopicRemote(options: TopicRemoteOptions): Promise<TopicRemote> {
  const git = gitOf(options.git);
  await requireGit(git, options.git);
  const address = parseRemote(options.url);
  if (!isBranchName(options.branch))
    throw gitError('BAD_INPUT', 'bad-input', `"${options.branch}" is not a valid git branch name.`);
  const at = repositoryPath(options.dataDir, options.topicId);
  const home = options.sealer.sealing ? await sealedHome(git, at, options.sealer) : await plainHome(git, at);
  return new GitTopicRemote(git, home, options.url, address, options.branch);
}

/**
 * For a remote on this machine (a path, file://), git runs the serving side itself, as the user, in the
 * remote repository; its hooks and config would run here too (a hostile repository on a share). So that side
 * gets the same settings (the -c of our own call does not reach it).
 */
function serveSide(git: Git, address: RemoteAddress, side: 'upload-pack' | 'receive-pack'): string[] {
  if (address.kind !== 'path' && address.kind !== 'file') return [];
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const safe = [`core.hooksPath=${os.devNull}`, 'core.fsmonitor=false', 'receive.fsckObjects=true']
    .map((kv) => `-c ${quote(kv)}`)
    .join(' ');
  return [`--${side}=${quote(git.program)} ${safe} ${side}`];
}

/**
 * git's rules for a branch name (git-check-ref-format(1), as `refs/heads/<branch>`), checked here so that
 * opening a topic costs no extra process; tree-paths.test.ts holds them against git's own answer.
 */
export function isBranchName(branch: string): boolean {
  if (!branch || branch.startsWith('-') || branch.endsWith('/') || branch.endsWith('.')) return false;
  if (/[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{|\/\//.test(branch)) return false;
  return branch
    .split('/')
    .every((part) => part.length > 0 && !part.startsWith('.') && !part.endsWith('.lock'));
}

class GitTopicRemote implements TopicRemote {
  private readonly reader: ObjectReader;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly ref: string;
  private readonly forGit: string;

  constructor(
    private readonly git: Git,
    private readonly home: RepositoryHome,
    readonly url: string,
    private readonly address: RemoteAddress,
    readonly branch: string,
  ) {
    this.forGit = address.forGit;
    this.reader = new ObjectReader(git, home.gitDir);
    this.ref = `refs/heads/${branch}`;
  }

  /** One call at a time: git's ref updates and the sealed flush must not interleave. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed)
      return Promise.reject(gitError('IO_ERROR', 'failed', "The shared topic's repository is closed."));
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private run(args: string[], input?: string) {
    return runGit(this.git, args, { gitDir: this.home.gitDir, ...(input === undefined ? {} : { input }) });
  }

  private network(args: string[], timeoutMs = this.git.networkTimeoutMs) {
    return runGit(this.git, args, { gitDir: this.home.gitDir, timeoutMs });
  }

  /** A local command that must succeed. */
  private async must(args: string[], what: string): Promise<string> {
    const r = await this.run(args);
    if (r.code !== 0)
      throw gitError(
        'IO_ERROR',
        'failed',
        `Could not ${what}: ${lastLine(r.stderr) || 'git failed'}.`,
        r.stderr,
      );
    return r.stdout.toString('utf8').trim();
  }

  /** The commit a local ref points at, or null. */
  private async tipOf(ref: string): Promise<string | null> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (r.code === 0) return r.stdout.toString('latin1').trim();
    // A ref that exists but names no commit: a remote branch pointing at a tree or blob.
    const raw = await this.run(['rev-parse', '--verify', '--quiet', ref]);
    if (raw.code === 0)
      throw gitError(
        'DATA_TAMPERED',
        'unsafe-objects',
        `The remote branch "${this.branch}" does not point at a commit.`,
      );
    return null;
  }

  private async requireCommit(id: string): Promise<string> {
    commitId(id);
    const info = (await this.reader.info([id])).get(id);
    if (!info) throw gitError('NOT_FOUND', 'failed', `The shared topic's repository has no commit ${id}.`);
    if (info.type !== 'commit')
      throw gitError('BAD_INPUT', 'bad-input', `Object ${id} is a ${info.type}, not a commit.`);
    return id;
  }

  remoteTip(): Promise<string | null> {
    return this.serial(async () => {
      const r = await this.network(
        [
          'ls-remote',
          '--refs',
          ...serveSide(this.git, this.address, 'upload-pack'),
          '--',
          this.forGit,
          this.ref,
        ],
        Math.min(this.git.networkTimeoutMs, 60_000),
      );
      if (r.code !== 0) throw remoteFailure('read', this.url, r.stderr);
      for (const line of r.stdout.toString('utf8').split('\n')) {
        const [id, ref] = line.split('\t');
        if (ref === this.ref && id && HEX.test(id)) return id;
      }
      return null;
    });
  }

  fetch(): Promise<string | null> {
    return this.serial(async () => {
      const r = await this.network([
        'fetch',
        '--no-tags',
        '--no-recurse-submodules',
        '--quiet',
        ...serveSide(this.git, this.address, 'upload-pack'),
        '--',
        this.forGit,
        `+${this.ref}:${REMOTE_REF}`,
      ]);
      if (r.code !== 0) {
        if (/couldn't find remote ref/i.test(r.stderr)) return null;
        throw remoteFailure('fetch from', this.url, r.stderr);
      }
      return this.tipOf(REMOTE_REF);
    });
  }

  listTree(commit: string, limits: ReadLimits) {
    return this.serial(async () =>
      listTree(this.git, this.home.gitDir, await this.requireCommit(commit), limits),
    );
  }

  readBlobs(ids: readonly string[], maxBlobBytes: number) {
    return this.serial(() => this.reader.blobs(ids, maxBlobBytes));
  }

  commit(...args: Parameters<TopicRemote['commit']>): Promise<string> {
    const [parent, changes, message, author] = args;
    return this.serial(async () => {
      if (parent !== null) await this.requireCommit(parent);
      return writeCommit(this.git, this.home.gitDir, parent, changes, message, author);
    });
  }

  push(commit: string): Promise<PushOutcome> {
    return this.serial(async () => {
      await this.requireCommit(commit);
      const r = await this.network([
        'push',
        '--porcelain',
        '--no-verify',
        '--no-recurse-submodules',
        ...serveSide(this.git, this.address, 'receive-pack'),
        '--',
        this.forGit,
        `${commit}:${this.ref}`,
      ]);
      const line = r.stdout
        .toString('utf8')
        .split('\n')
        .find((l) => l.split('\t')[1]?.endsWith(`:${this.ref}`));
      if (r.code === 0 && line && !line.startsWith('!')) {
        await this.must(['update-ref', REMOTE_REF, commit], 'record the push');
        return 'pushed';
      }
      if (line?.startsWith('!')) {
        const summary = line.split('\t')[2] ?? '';
        if (summary.startsWith('[rejected]')) return 'rejected';
        if (summary.startsWith('[remote rejected]')) {
          const why = /\((.*)\)/.exec(summary)?.[1] ?? 'a server rule';
          throw gitError(
            'IO_ERROR',
            'remote-refused',
            `${this.url} refused the push (${why}); nothing was changed there.`,
            r.stderr,
          );
        }
      }
      throw remoteFailure('push to', this.url, r.stderr);
    });
  }

  countAhead(from: string | null, notFrom: string | null): Promise<number> {
    return this.serial(async () => {
      if (from === null) return 0;
      const args = ['rev-list', '--count', commitId(from)];
      if (notFrom !== null) args.push(`^${commitId(notFrom)}`);
      return Number(await this.must([...args, '--'], 'count commits'));
    });
  }

  keep(commit: string | null): Promise<void> {
    return this.serial(async () => {
      if (commit === null) await this.must(['update-ref', '-d', BASE_REF], 'forget the merge base');
      else await this.must(['update-ref', BASE_REF, await this.requireCommit(commit)], 'keep the merge base');
    });
  }

  createBundle(file: string, commit: string, basis: readonly string[]): Promise<void> {
    return this.serial(async () => {
      await this.requireCommit(commit);
      await this.must(['update-ref', this.ref, commit], 'name the bundle tip');
      for (const id of basis) commitId(id);
      const known = await this.reader.info(basis);
      const exclude = basis.filter((id) => known.get(id)?.type === 'commit').map((id) => `^${id}`);
      const r = await this.run(['bundle', 'create', path.resolve(file), this.ref, ...exclude, '--']);
      if (r.code === 0) return;
      if (/empty bundle/i.test(r.stderr))
        throw gitError(
          'BAD_INPUT',
          'bad-input',
          'The other side already has every commit: there is nothing to put in a bundle.',
          r.stderr,
        );
      throw gitError(
        'IO_ERROR',
        'failed',
        `Could not write the bundle ${file}: ${lastLine(r.stderr)}.`,
        r.stderr,
      );
    });
  }

  applyBundle(file: string): Promise<string | null> {
    return this.serial(async () => {
      const abs = path.resolve(file);
      const verify = await this.run(['bundle', 'verify', abs]);
      if (verify.code !== 0) {
        if (/lacks these prerequisite/i.test(verify.stderr))
          throw gitError(
            'BAD_INPUT',
            'bundle-incomplete',
            `The bundle ${file} builds on commits this notebook does not have yet. Apply the bundles made before it first, or ask for a full bundle.`,
            verify.stderr,
          );
        throw gitError(
          'BAD_INPUT',
          'bad-input',
          `${file} is not a git bundle Dossier can read.`,
          verify.stderr,
        );
      }
      const heads = (await this.must(['bundle', 'list-heads', abs], 'read the bundle'))
        .split('\n')
        .map((l) => l.split(' ')[1])
        .filter((ref): ref is string => !!ref && ref.startsWith('refs/'));
      const ref = heads.includes(this.ref) ? this.ref : heads.length === 1 ? heads[0]! : null;
      if (!ref)
        throw gitError(
          'BAD_INPUT',
          'bad-input',
          `The bundle ${file} has no branch "${this.branch}" (it has ${heads.join(', ') || 'none'}).`,
        );
      const r = await this.run([
        'fetch',
        '--no-tags',
        '--no-recurse-submodules',
        '--quiet',
        '--',
        abs,
        `+${ref}:${BUNDLE_REF}`,
      ]);
      if (r.code !== 0) throw remoteFailure('read the bundle', file, r.stderr);
      return this.tipOf(BUNDLE_REF);
    });
  }

  flush(): Promise<void> {
    return this.serial(async () => {
      // a repack may replace the packs the readers have open
      this.reader.close();
      await this.home.flush();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const last = this.serial(async () => {
      this.reader.close();
      try {
        await this.home.flush();
      } finally {
        await this.home.dispose();
      }
    });
    this.closed = true;
    await last;
  }
}
