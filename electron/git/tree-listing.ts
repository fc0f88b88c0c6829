import { gitError, lastLine, spawnGit, type Git } from './git-process.js';
import { markCollisions, pathProblem } from './tree-paths.js';
import type { ReadLimits, TreeEntry, TreeEntryKind } from './topic-remote.js';

/** A name longer than this (bytes) makes the whole listing refused: no file system holds it, and it costs memory. */
export const MAX_NAME_RECORD = 64 * 1024;

const strict = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

function kindOf(mode: string, type: string): TreeEntryKind | null {
  if (type === 'commit') return 'submodule';
  if (type !== 'blob') return null;
  const m = parseInt(mode, 8);
  if ((m & 0o170000) === 0o120000) return 'symlink';
  if ((m & 0o170000) === 0o100000) return m & 0o111 ? 'executable' : 'file';
  return null;
}

/** One `ls-tree -r -z -l` record: "<mode> <type> <id> <size>\t<path>". */
function parseRecord(record: Buffer, limits: ReadLimits): TreeEntry {
  const tab = record.indexOf(0x09);
  const head = record.subarray(0, tab).toString('latin1');
  const [mode = '', type = '', id = '', size = ''] = head.split(/ +/);
  const rawPath = record.subarray(tab + 1);
  let entryPath: string;
  let problem: TreeEntry['problem'];
  try {
    entryPath = strict.decode(rawPath);
  } catch {
    entryPath = lossy.decode(rawPath);
    problem = 'not-utf8';
  }
  const found = kindOf(mode, type);
  const bytes = size === '-' ? 0 : Number(size);
  const entry: TreeEntry = { path: entryPath, id, kind: found ?? 'file', size: bytes };
  problem ??= found === null ? 'unsafe' : (pathProblem(entryPath) ?? undefined);
  if (!problem && bytes > limits.maxBlobBytes) problem = 'too-large';
  if (problem) entry.problem = problem;
  return entry;
}

/**
 * Lists a commit's tree flattened, streaming git's output so that a hostile tree costs at most `maxEntries`
 * entries of memory: one more entry, or a name past MAX_NAME_RECORD, stops git and refuses the listing.
 */
export async function listTree(
  git: Git,
  gitDir: string,
  commit: string,
  limits: ReadLimits,
): Promise<TreeEntry[]> {
  const child = spawnGit(git, ['ls-tree', '-r', '-z', '-l', '--full-tree', commit, '--'], { gitDir });
  child.process.stdin.end();
  const entries: TreeEntry[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let refused: string | null = null;
  child.process.stdout.on('data', (chunk: Buffer) => {
    if (refused) return;
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let start = 0;
    for (let nul = pending.indexOf(0, start); nul >= 0; nul = pending.indexOf(0, start)) {
      if (entries.length >= limits.maxEntries) {
        refused = `The shared topic's tree (commit ${commit.slice(0, 12)}) has more than ${limits.maxEntries} files; Dossier reads at most ${limits.maxEntries}.`;
        child.kill();
        return;
      }
      entries.push(parseRecord(pending.subarray(start, nul), limits));
      start = nul + 1;
    }
    pending = pending.subarray(start);
    if (pending.length > MAX_NAME_RECORD) {
      refused = `The shared topic's tree (commit ${commit.slice(0, 12)}) names a file longer than ${MAX_NAME_RECORD} bytes.`;
      child.kill();
    }
  });
  const exit = await child.exited;
  if (refused) throw gitError('TOO_LARGE', 'too-large', refused);
  if (exit.code !== 0)
    throw gitError(
      'NOT_FOUND',
      'failed',
      `Could not read the tree of commit ${commit.slice(0, 12)}: ${lastLine(exit.stderr) || 'git failed'}.`,
      exit.stderr,
    );
  return markCollisions(entries);
}
