import { readdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from './durable-file.js';

/**
 * A line file that failed its integrity check is moved aside as `<file>.corrupt-<time>`, the name the store
 * gives a refused dossier.json (store/load.ts), so it is kept as found for whoever looks into it, and the
 * feature can start a fresh file instead of refusing every write after the damage.
 */
export const KEPT_MARK = '.corrupt-';

/** Moves `file` aside (never over an earlier one) and answers the new path. */
export async function moveAside(file: string, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const target = `${file}${KEPT_MARK}${stamp}${n ? `-${n}` : ''}`;
    if (
      await stat(target).then(
        () => true,
        () => false,
      )
    )
      continue;
    await rename(file, target);
    await fsyncDir(path.dirname(file));
    return target;
  }
}

/** The files moved aside from `file` (names in its folder), oldest first, with the time each was moved. */
export async function keptAside(file: string): Promise<{ name: string; at: string }[]> {
  const prefix = path.basename(file) + KEPT_MARK;
  const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
  const out: { name: string; at: string }[] = [];
  for (const name of names.filter((n) => n.startsWith(prefix)).sort()) {
    const m = /^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z/.exec(name.slice(prefix.length));
    if (m) out.push({ name, at: `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z` });
  }
  return out;
}
