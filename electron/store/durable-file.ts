import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** The file operations a durable write uses, injectable so tests can make the disk fail (ENOSPC, EACCES, EROFS). */
export type FsOps = {
  open: typeof open;
  rename: typeof rename;
};

export const realFs: FsOps = { open, rename };

/**
 * Replaces `file` so that a crash leaves either the old or the new version: `write` fills a temp file
 * beside it, which is fsynced, renamed over the file, and the directory fsynced. On any failure the
 * temp file is removed and the old file is untouched.
 */
export async function replaceDurably(
  file: string,
  write: (fh: FileHandle) => Promise<void>,
  fs: FsOps = realFs,
): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fh = await fs.open(tmp, 'w', 0o600);
  try {
    await write(fh);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dir);
}

/** Durably replaces `file` with `content` (see replaceDurably). */
export function writeFileDurable(file: string, content: string | Uint8Array): Promise<void> {
  return replaceDurably(file, (fh) => fh.writeFile(content));
}

/** Makes a rename durable; some platforms (Windows) cannot open directories, which is fine there. */
export async function fsyncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EISDIR' && (err as NodeJS.ErrnoException).code !== 'EPERM')
      throw err;
  } finally {
    await fh?.close();
  }
}
