import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { DossierError } from '../../domain/errors.js';

/**
 * Refuses to write into subfolders of `target` that are symbolic links leading outside it: an export
 * writes only where the user pointed it. Missing folders are fine (they are created as real ones);
 * a link that stays inside the target is fine too.
 */
export async function assertFoldersInside(target: string, folders: Iterable<string>): Promise<void> {
  const root = await realpath(target);
  for (const rel of folders) {
    const full = path.join(target, rel);
    const info = await lstat(full).catch(() => null);
    if (!info) continue;
    const real = await realpath(full).catch(() => null);
    if (!info.isSymbolicLink() && real === path.join(root, rel)) continue;
    if (real && (real === root || real.startsWith(root + path.sep))) continue;
    throw new DossierError(
      'BAD_INPUT',
      `${full} is a link to a folder outside ${target}; Dossier does not write through it. Remove the link or choose another folder. Nothing was exported.`,
      { path: full },
    );
  }
}
