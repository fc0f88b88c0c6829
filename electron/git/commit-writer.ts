import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { gitError, lastLine, spawnGit, writeInput, type Git } from './git-process.js';
import { isHostile, pathProblem } from './tree-paths.js';
import type { Signature, TreeChange } from './topic-remote.js';

/**
 * Writes one commit with one `git fast-import` process: the parent's tree (`from`) plus `M`/`D` commands, the
 * file contents inline. No index, no working tree; 10k notes stream through in one pass (bench: git suite).
 */

/** The ref fast-import leaves pointing at the last commit written (it also keeps that commit from gc). */
export const WORK_REF = 'refs/dossier/work';

/** fast-import's C-style quoting (as bytes): always quoted, so spaces, quotes and control bytes cannot be misread. */
export function quotePath(p: string): Buffer {
  let out = '"';
  for (const byte of Buffer.from(p, 'utf8')) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte < 0x20 || byte === 0x7f) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return Buffer.from(out + '"', 'latin1');
}

/** "Name <email> seconds +0000", with the characters that would break the header taken out. */
function ident(sig: Signature): string {
  const clean = (s: string) => s.replace(/[<>\n\r\0]/g, '').trim();
  const seconds = Math.floor(sig.time.getTime() / 1000);
  if (!Number.isFinite(seconds))
    throw gitError('BAD_INPUT', 'bad-input', 'The commit time is not a valid date.');
  return `${clean(sig.name) || 'Dossier'} <${clean(sig.email)}> ${seconds} +0000`;
}

/** The fast-import stream of one commit, in pieces. */
function* stream(
  parent: string | null,
  changes: readonly TreeChange[],
  message: string,
  author: Signature,
): Generator<string | Uint8Array> {
  const msg = Buffer.from(message, 'utf8');
  yield `reset ${WORK_REF}\ncommit ${WORK_REF}\nmark :1\nauthor ${ident(author)}\ncommitter ${ident(author)}\n`;
  yield `data ${msg.length}\n`;
  yield msg;
  yield '\n';
  if (parent) yield `from ${parent}\n`;
  for (const c of changes) {
    const quoted = quotePath(c.path);
    if ('remove' in c) {
      yield Buffer.concat([Buffer.from('D '), quoted, Buffer.from('\n')]);
    } else {
      yield Buffer.concat([
        Buffer.from('M 100644 inline '),
        quoted,
        Buffer.from(`\ndata ${c.bytes.length}\n`),
      ]);
      yield c.bytes;
      yield '\n';
    }
  }
  yield '\nget-mark :1\ndone\n';
}

/** Refuses a change to a path Dossier must never write (see tree-paths.ts). */
function checkPaths(changes: readonly TreeChange[]): void {
  for (const c of changes) {
    const problem = pathProblem(c.path);
    if (isHostile(problem))
      throw gitError(
        'BAD_INPUT',
        'bad-input',
        `"${c.path.slice(0, 200)}" cannot be written to a shared topic (${problem === 'too-long' ? 'the name is too long' : 'it is not a plain relative file name'}).`,
      );
  }
}

/** Writes the commit; returns its id. */
export async function writeCommit(
  git: Git,
  gitDir: string,
  parent: string | null,
  changes: readonly TreeChange[],
  message: string,
  author: Signature,
): Promise<string> {
  checkPaths(changes);
  // --depth=0: fast-import would try each blob as a delta of the one before it in the stream, an unrelated
  // note (measured: a third of its CPU on 10k notes, pack the same size); push and repack find real deltas.
  const child = spawnGit(
    git,
    ['fast-import', '--quiet', '--done', '--force', '--date-format=raw', '--depth=0'],
    {
      gitDir,
    },
  );
  const out: Buffer[] = [];
  child.process.stdout.on('data', (c: Buffer) => out.push(c));
  const [exit] = await Promise.all([
    child.exited,
    writeInput(child, stream(parent, changes, message, author)),
  ]);
  const id = Buffer.concat(out).toString('latin1').trim();
  if (exit.code !== 0 || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(id)) {
    await removeCrashReports(gitDir);
    throw gitError(
      'IO_ERROR',
      'failed',
      `Could not write the commit: ${lastLine(exit.stderr) || 'git fast-import failed'}.`,
      exit.stderr,
    );
  }
  return id;
}

/** fast-import leaves `fast_import_crash_<pid>` (recent commands, file contents included) on failure. */
async function removeCrashReports(gitDir: string): Promise<void> {
  const names = await readdir(gitDir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith('fast_import_crash_'))
      .map((n) => rm(path.join(gitDir, n), { force: true })),
  );
}
