import type { PathProblem, TreeEntry } from './topic-remote.js';

/**
 * Which paths of a tree can be taken as they are. A remote is hostile input: its tree names files, and those
 * names become note file names, attachment paths and, on a teammate's checkout, real files. Pure functions,
 * used on every tree listed and on every path Dossier writes.
 */

/** Longest path (UTF-8 bytes) and segment taken; beyond either, the path is 'too-long'. */
export const MAX_PATH_BYTES = 4096;
export const MAX_SEGMENT_BYTES = 255;

// Characters HFS+ ignores when comparing names (git's is_hfs_dotgit list), so ".g\u200cit" is ".git" there.
const HFS_IGNORABLE = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;
const CONTROL = /[\u0000-\u001f\u007f]/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(\..*)?$/i;
const WINDOWS_CHARS = /[<>:"|?*]/;

/** A segment that is, or that some file system reads as, ".git" (the repository's own folder on a checkout). */
export function isDotGit(segment: string): boolean {
  const s = segment.replace(HFS_IGNORABLE, '').toLowerCase();
  // NTFS drops trailing dots and spaces, reads "git~1" as the short name of ".git", and "x:stream" as x.
  return /^\.git[. ]*(:.*)?$/.test(s) || /^git~1([. ]*|:.*)$/.test(s);
}

/** What is wrong with one path on its own (collisions need the whole tree: see markCollisions); null: nothing. */
export function pathProblem(p: string): PathProblem | null {
  if (p.length === 0 || p.startsWith('/') || p.includes('\\') || CONTROL.test(p)) return 'unsafe';
  const segments = p.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || isDotGit(s))) return 'unsafe';
  if (Buffer.byteLength(p) > MAX_PATH_BYTES) return 'too-long';
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES)) return 'too-long';
  if (segments.some((s) => WINDOWS_RESERVED.test(s) || WINDOWS_CHARS.test(s) || /[. ]$/.test(s)))
    return 'windows-name';
  return null;
}

/** Problems so bad the path is never taken nor written (the rest are reported and left to the sharing rules). */
export function isHostile(problem: PathProblem | undefined | null): boolean {
  return problem === 'unsafe' || problem === 'too-long' || problem === 'not-utf8' || problem === 'duplicate';
}

/**
 * Marks entries whose path equals an earlier one's (in tree order) exactly ('duplicate', every copy), up to
 * Unicode normalisation, or up to case. An entry already marked keeps its own problem. Mutates and returns.
 */
export function markCollisions(entries: TreeEntry[]): TreeEntry[] {
  const count = new Map<string, number>();
  for (const e of entries) count.set(e.path, (count.get(e.path) ?? 0) + 1);
  const nfc = new Set<string>();
  const folded = new Set<string>();
  for (const e of entries) {
    const n = e.path.normalize('NFC');
    const f = n.toLowerCase();
    if (!e.problem) {
      if ((count.get(e.path) ?? 0) > 1) e.problem = 'duplicate';
      else if (nfc.has(n)) e.problem = 'normalization-collision';
      else if (folded.has(f)) e.problem = 'case-collision';
    }
    nfc.add(n);
    folded.add(f);
  }
  return entries;
}
