import { createReadStream } from 'node:fs';
import { link, lstat, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir, replaceDurably } from '../durable-file.js';
import { familyOf, type FileFamily } from './data-files.js';
import { moveAside } from '../kept-aside.js';
import { isSealedFile, isSealedLine, MAGIC, openStream, type Sealer } from './sealer.js';
import { isTampered, openLineOf } from './line-file.js';

/**
 * Turns every file of a data folder into the other format: sealed (protection on) or plain (off). Run with
 * the store closed and its lock held (protect.ts). Each file is replaced on its own, atomically (temp file,
 * fsync, rename, fsync folder), and files already in the target format are skipped, so a conversion cut short
 * by a crash simply runs again. Whole files are streamed (a 200 MB attachment takes constant memory).
 *
 * Attachments and the backup pool share files by hard link (store/backup-attachments.ts); a converted
 * attachment is linked over its pool copy instead of being sealed twice, so the pool keeps costing no space.
 */
export type ConvertReport = {
  /** files written in the target format */
  converted: number;
  /** files already in the target format */
  skipped: number;
  /** pool copies replaced by a link to the converted attachment */
  linked: number;
  /** temp files and caches deleted */
  removed: number;
  /** files Dossier does not know ("/" paths inside the folder); sealed as whole files when protecting */
  unknown: string[];
  /** damaged histories found on the way, moved aside as `<file>.corrupt-<time>` (see FileFamily) */
  setAside: string[];
};

export type ConvertOptions = {
  /** reads a file in either format (a key sealer with requireSealed: false) */
  from: Sealer;
  /** writes the target format: a key sealer (protect) or the plain sealer (unprotect) */
  to: Sealer;
};

/** Every file under `dir` as a "/" path relative to it (symbolic links are listed, never followed). */
export async function listDataFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else out.push(child);
    }
  };
  await walk('');
  return out.sort();
}

async function head(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function writeAll(fh: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length)
    offset += (await fh.write(buffer, offset, buffer.length - offset)).bytesWritten;
}

async function convertWhole(file: string, rel: string, options: ConvertOptions): Promise<boolean> {
  if (isSealedFile(await head(file)) === options.to.sealing) return false;
  await replaceDurably(file, async (fh) => {
    const encoder = options.to.fileEncoder();
    const source = createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>;
    for await (const plain of openStream(options.from, source, rel))
      await writeAll(fh, encoder.update(plain));
    await writeAll(fh, encoder.final());
  });
  return true;
}

async function convertLines(
  file: string,
  rel: string,
  family: FileFamily,
  options: ConvertOptions,
): Promise<boolean> {
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  if (lines.every((l) => !l || isSealedLine(l) === options.to.sealing)) return false;
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const tail = i === lines.length - 1;
    let plains: string[];
    try {
      plains = family.lineFile
        ? openLineOf(options.from, line, tail, rel)
        : [options.from.openLine(line, rel)];
    } catch (err) {
      // A file kept aside as damaged keeps its bad lines as found.
      if (isTampered(err) && family.damaged) {
        out.push(line);
        continue;
      }
      // A save cut short by a crash (no newline after it) was never acknowledged: it is dropped, as readers do.
      if (tail && isTampered(err)) break;
      throw err;
    }
    for (const plain of plains) out.push(options.to.sealLine(plain));
  }
  await replaceDurably(file, (fh) => fh.writeFile(out.length ? out.join('\n') + '\n' : ''));
  return true;
}

const POOL = /^backups\/attachments\/([0-9a-f]{2}\/[0-9a-f]{64})$/;

/** Converts every file under `dataDir` (the store closed, its lock held); see the comment at the top. */
export async function convertDataDir(dataDir: string, options: ConvertOptions): Promise<ConvertReport> {
  const report: ConvertReport = {
    converted: 0,
    skipped: 0,
    linked: 0,
    removed: 0,
    unknown: [],
    setAside: [],
  };
  const files = await listDataFiles(dataDir);
  // Attachments before the pool, so pool copies can be linked to converted attachments.
  const ordered = [...files.filter((f) => !POOL.test(f)), ...files.filter((f) => POOL.test(f))];
  for (const rel of ordered) {
    const file = path.join(dataDir, ...rel.split('/'));
    const info = await lstat(file).catch(() => null);
    if (!info) continue;
    const family: FileFamily | null = familyOf(rel);
    if (!info.isFile()) {
      report.unknown.push(rel);
      continue;
    }
    switch (family?.format) {
      case 'plain':
        break;
      case 'temp':
      case 'cache':
        await unlink(file).catch(() => undefined);
        report.removed++;
        break;
      case 'lines':
        try {
          if (await convertLines(file, rel, family, options)) report.converted++;
          else report.skipped++;
        } catch (err) {
          if (!family.setAsideWhenDamaged || !isTampered(err)) throw err;
          // Damaged since the app last read it: kept as found, as the app would on its next read, so it no
          // longer stops protection being turned off; its readable lines are converted, the bad ones kept.
          const kept = await moveAside(file);
          const keptRel = `${rel}${kept.slice(file.length)}`;
          await convertLines(kept, keptRel, familyOf(keptRel)!, options);
          report.converted++;
          report.setAside.push(rel);
        }
        break;
      case 'whole':
      case undefined: {
        if (!family) report.unknown.push(rel);
        const pooled = POOL.exec(rel);
        const linked = pooled ? await linkToAttachment(dataDir, file, pooled[1]!, options.to.sealing) : 'no';
        if (linked !== 'no') {
          report[linked === 'same' ? 'skipped' : 'linked']++;
          break;
        }
        if (await convertWhole(file, rel, options)) report.converted++;
        else report.skipped++;
        break;
      }
    }
  }
  return report;
}

/**
 * Replaces a backup-pool file by a hard link to attachments/<same name> when that one is already in the
 * target format (same name = same content: both are named by the SHA-256 of it). false: convert it itself.
 */
async function linkToAttachment(
  dataDir: string,
  poolFile: string,
  shardAndHash: string,
  sealing: boolean,
): Promise<'linked' | 'same' | 'no'> {
  const blob = path.join(dataDir, 'attachments', ...shardAndHash.split('/'));
  const [a, b] = await Promise.all([lstat(blob).catch(() => null), lstat(poolFile)]);
  if (!a?.isFile()) return 'no';
  if (isSealedFile(await head(blob)) !== sealing) return 'no';
  if (a.ino === b.ino && a.dev === b.dev) return 'same';
  const tmp = path.join(path.dirname(poolFile), `.${path.basename(poolFile)}.${process.pid}.link.tmp`);
  await unlink(tmp).catch(() => undefined);
  try {
    await link(blob, tmp);
  } catch {
    return 'no';
  }
  await rename(tmp, poolFile);
  await fsyncDir(path.dirname(poolFile));
  return 'linked';
}
