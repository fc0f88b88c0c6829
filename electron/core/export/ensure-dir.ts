import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Creates `dir` and missing parents one level at a time. Node's `mkdir({recursive:true})` can spin
 * forever where the kernel answers ENOENT for a parent that exists (e.g. under /proc), so we walk
 * ourselves and fail on the first error.
 */
export async function ensureDir(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    try {
      const s = await stat(current);
      if (!s.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.unshift(current);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  for (const m of missing) await mkdir(m);
}
