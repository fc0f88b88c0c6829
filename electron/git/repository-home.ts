import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { replaceDurably } from '../store/durable-file.js';
import { openStream, type Sealer } from '../store/sealed/sealer.js';
import { gitError, lastLine, runGit, type Git } from './git-process.js';

/**
 * Where a shared topic's bare repository lives, and how it rests.
 *
 * Plain notebook: `<dataDir>/sharing/<topicId>.git`, used in place.
 *
 * Protected notebook: the same folder holds each of the repository's files sealed on its own (the sealer's
 * whole-file format), so protection on/off converts it like any other file (data-files.ts). git cannot read
 * sealed files, so for as long as the topic is open the repository is unsealed into a private folder
 * (inside privateParent(): 0700, on the per-user tmpfs when there is one) and git works there. `flush`
 * packs loose objects and refs (so no object id or branch name shows as a file name) and seals back what
 * changed: new packs first, then refs, then removes what is gone, so a crash at any point leaves a
 * consistent older state. `dispose` removes the private folder; a folder left by a crashed process is
 * removed by the next open.
 */
export type RepositoryHome = {
  /** the bare repository git runs on */
  readonly gitDir: string;
  /** durable at rest now (protected: seal back what changed) */
  flush(): Promise<void>;
  /** leave nothing behind but the data at rest (does not flush) */
  dispose(): Promise<void>;
};

/** The folder of shared topic repositories inside the data folder. */
export const SHARING_DIR = 'sharing';

/** The repository's config, written on every open: nothing a planted config could add (sshCommand, fsmonitor). */
const CONFIG = '[core]\n\trepositoryformatversion = 0\n\tbare = true\n\tlogAllRefUpdates = false\n';

/** The files of a bare repository that are kept at rest (the rest is scratch: FETCH_HEAD, locks, logs). */
const KEPT =
  /^(?:HEAD|config|packed-refs|refs\/.+|objects\/[0-9a-f]{2}\/[0-9a-f]{38}(?:[0-9a-f]{24})?|objects\/pack\/pack-[0-9a-f]{40}(?:[0-9a-f]{24})?\.(?:pack|rev|idx))$/;

/** Creates the repository if needed and resets what must never come from a file on disk. */
async function prepare(git: Git, gitDir: string): Promise<void> {
  const head = await stat(path.join(gitDir, 'HEAD')).catch(() => null);
  if (!head) {
    await mkdir(gitDir, { recursive: true, mode: 0o700 });
    const r = await runGit(git, ['init', '--bare', '--quiet', '--template=', gitDir]);
    if (r.code !== 0)
      throw gitError(
        'IO_ERROR',
        'failed',
        `Could not create the shared topic's repository: ${lastLine(r.stderr)}.`,
        r.stderr,
      );
  }
  await writeFile(path.join(gitDir, 'config'), CONFIG);
  // Files that would make git read objects or history from elsewhere; Dossier never writes them.
  for (const rel of ['objects/info/alternates', 'objects/info/http-alternates', 'info/grafts', 'shallow'])
    await rm(path.join(gitDir, rel), { force: true });
  await mkdir(path.join(gitDir, 'objects', 'pack'), { recursive: true });
  await mkdir(path.join(gitDir, 'refs'), { recursive: true });
}

/** `sharing/<topicId>.git` inside the data folder; topic ids are file-name safe by construction. */
export function repositoryPath(dataDir: string, topicId: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(topicId))
    throw gitError('BAD_INPUT', 'bad-input', `"${topicId}" is not a topic id.`);
  return path.join(dataDir, SHARING_DIR, `${topicId}.git`);
}

/** The plain home: the repository in the data folder, used in place. */
export async function plainHome(git: Git, gitDir: string): Promise<RepositoryHome> {
  await prepare(git, gitDir);
  return { gitDir, flush: async () => undefined, dispose: async () => undefined };
}

/** Files under `dir` (relative, '/'-separated). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** The working copies of protected notebooks go in here, one folder per user (0700, never readable by others). */
const PRIVATE_PARENT = `dossier-sharing-${process.getuid?.() ?? 'user'}`;

/**
 * The folder private working copies go in: `dossier-sharing-<uid>` (0700) in the per-user tmpfs when the
 * system has one, else in the temp folder. A git left running by a crashed Dossier can recreate a copy's
 * folders (with the default umask) after it was removed; inside this folder they stay unreadable to others.
 * If the folder exists but is not ours alone (another user made it first on a shared /tmp), a fresh one is
 * made instead.
 */
export async function privateParent(): Promise<string> {
  let base = os.tmpdir();
  const runtime = process.env.XDG_RUNTIME_DIR;
  if (runtime && path.isAbsolute(runtime)) {
    const s = await stat(runtime).catch(() => null);
    if (s?.isDirectory() && (s.mode & 0o077) === 0 && s.uid === process.getuid?.()) base = runtime;
  }
  const parent = path.join(base, PRIVATE_PARENT);
  await mkdir(parent, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  const s = await lstat(parent);
  const ours = s.isDirectory() && (process.getuid === undefined || s.uid === process.getuid());
  if (ours && (s.mode & 0o077) === 0) return parent;
  return mkdtemp(path.join(base, `${PRIVATE_PARENT}-`));
}

/** Removes working copies of processes that are gone (a crash or kill -9 during a sync). */
async function removeStale(parent: string): Promise<void> {
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (err) {
      alive = (err as NodeJS.ErrnoException).code === 'EPERM';
    }
    // Best effort: a git the crash orphaned may still be writing in it (ENOTEMPTY); a later open tries again.
    if (!alive) await rm(path.join(parent, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Pack files before their index, refs last: a crash mid-way leaves refs pointing only at objects at rest. */
function writeOrder(rel: string): number {
  if (rel.endsWith('.pack') || rel.endsWith('.rev') || /^objects\/[0-9a-f]{2}\//.test(rel)) return 0;
  if (rel.endsWith('.idx')) return 1;
  return 2;
}

/** The sealed home of a protected notebook (see RepositoryHome). */
export async function sealedHome(git: Git, atRest: string, sealer: Sealer): Promise<RepositoryHome> {
  const parent = await privateParent();
  await removeStale(parent);
  const work = await mkdtemp(path.join(parent, `${process.pid}-`));
  const gitDir = path.join(work, 'repo.git');
  /** what each small file at rest held (plaintext hash), to seal back only what changed */
  const known = new Map<string, string>();
  try {
    await mkdir(gitDir, { mode: 0o700 });
    for (const rel of await filesUnder(atRest)) {
      if (!KEPT.test(rel)) continue;
      const target = path.join(gitDir, ...rel.split('/'));
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      const chunks: Buffer[] = [];
      const source = createReadStream(path.join(atRest, ...rel.split('/')), { highWaterMark: 1 << 20 });
      const what = `The shared topic's repository file ${rel}`;
      const out = await open(target, 'w', 0o600);
      try {
        for await (const plain of openStream(sealer, source as AsyncIterable<Uint8Array>, what)) {
          if (!isImmutable(rel)) chunks.push(plain);
          await out.writeFile(plain);
        }
      } finally {
        await out.close();
      }
      known.set(rel, isImmutable(rel) ? rel : sha256(Buffer.concat(chunks)));
    }
    await prepare(git, gitDir);
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    throw err;
  }

  async function flush(): Promise<void> {
    const loose = (await filesUnder(path.join(gitDir, 'objects'))).some((r) => /^[0-9a-f]{2}\//.test(r));
    const packs = (await readdir(path.join(gitDir, 'objects', 'pack'))).filter((n) => n.endsWith('.pack'));
    const repack = packs.length > 12 ? ['-a', '-d'] : loose ? ['-d'] : null;
    if (repack) await must(git, gitDir, ['-c', 'repack.writeBitmaps=false', 'repack', '-q', ...repack]);
    // Refs as one sealed packed-refs file (no branch name as a file name at rest); a sync that moved no ref skips it.
    if ((await filesUnder(path.join(gitDir, 'refs'))).length > 0)
      await must(git, gitDir, ['pack-refs', '--all', '--prune']);
    const now = (await filesUnder(gitDir))
      .filter((r) => KEPT.test(r))
      .sort((a, b) => writeOrder(a) - writeOrder(b));
    const current = new Set(now);
    await mkdir(atRest, { recursive: true });
    for (const rel of now) {
      const source = path.join(gitDir, ...rel.split('/'));
      const immutable = isImmutable(rel);
      const plain = immutable ? null : await readFile(source);
      const stamp = immutable ? rel : sha256(plain!);
      if (known.get(rel) === stamp) continue;
      const target = path.join(atRest, ...rel.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await replaceDurably(target, async (fh) => {
        const encoder = sealer.fileEncoder();
        if (plain) await fh.writeFile(encoder.update(plain));
        else
          for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20 }))
            await fh.writeFile(encoder.update(chunk as Buffer));
        await fh.writeFile(encoder.final());
      });
      known.set(rel, stamp);
    }
    // Last: what is gone (packs a full repack replaced, loose refs now packed, files of an earlier format).
    for (const rel of await filesUnder(atRest)) {
      if (current.has(rel)) continue;
      await unlink(path.join(atRest, ...rel.split('/'))).catch(() => undefined);
      known.delete(rel);
    }
  }

  return {
    gitDir,
    flush,
    dispose: () => rm(work, { recursive: true, force: true }),
  };
}

/** Packs and loose objects are named by their content: present means unchanged. */
function isImmutable(rel: string): boolean {
  return rel.startsWith('objects/');
}

async function must(git: Git, gitDir: string, args: string[]): Promise<void> {
  const r = await runGit(git, args, { gitDir });
  if (r.code !== 0)
    throw gitError(
      'IO_ERROR',
      'failed',
      `Could not store the shared topic's repository: ${lastLine(r.stderr)}.`,
      r.stderr,
    );
}
