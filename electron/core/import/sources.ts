import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { lstat, readFile, stat } from 'node:fs/promises';
import { inSlices, yieldToLoop } from '../slices.js';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { DossierError } from '../errors.js';

/** One markdown file found in an import source, already decoded, or the reason it was left out. */
export type SourceFile = { path: string; text: string; mtimeMs: number | null };
import type { Skipped } from '../records.js';

export type { Skipped };
/**
 * The other files of a source (images, PDFs…), which notes may reference as attachments: relative paths
 * with '/' separators, readable as a real file (folder) or as bytes (zip). See attachments/import-files.ts.
 */
export type SourceAssets = {
  list: string[];
  read(rel: string): Promise<{ path: string } | { bytes: Uint8Array } | null>;
};
export type SourceScan = { files: SourceFile[]; skipped: Skipped[]; ignored: number; assets: SourceAssets };

const noAssets = (): SourceAssets => ({ list: [], read: async () => null });

/** Assets of a folder source: every non-note file found, read from disk (never outside the folder). */
function folderAssets(root: string, list: string[]): SourceAssets {
  return {
    list,
    async read(rel) {
      const full = path.resolve(root, rel);
      if (!full.startsWith(root + path.sep)) return null;
      const info = await lstat(full).catch(() => null);
      return info?.isFile() ? { path: full } : null;
    },
  };
}

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024;
const MAX_DEPTH = 64;
const MARKDOWN = /\.(md|markdown)$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
/** The reason given for a file over the size limit, wherever it is found. */
const tooLarge = (bytes: number) => `too large (${mb(bytes)}; the limit is ${mb(MAX_FILE_BYTES)})`;

/** Progress of reading a source: files read so far and files found. */
export type ScanProgress = (done: number, total: number) => void;

/** Decodes a file or says why it is not a markdown note we can read. */
function decode(bytes: Uint8Array): { text: string } | { reason: string } {
  if (bytes.length > MAX_FILE_BYTES) return { reason: tooLarge(bytes.length) };
  if (bytes.subarray(0, 8192).includes(0)) return { reason: 'binary file (contains NUL bytes)' };
  try {
    return { text: utf8.decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    return { reason: 'not valid UTF-8 text' };
  }
}

function add(scan: SourceScan, rel: string, bytes: Uint8Array, mtimeMs: number | null): void {
  const d = decode(bytes);
  if ('reason' in d) scan.skipped.push({ path: rel, reason: d.reason });
  else scan.files.push({ path: rel, text: d.text, mtimeMs });
}

/**
 * Walks a folder for .md files; hidden folders (.obsidian, .git, .trash) are app data, symlinks are not
 * followed. Reads use sync calls in time slices (see inSlices): thousands of small files read several
 * times faster than with one async call each, and the event loop is never held for long.
 */
async function scanFolder(root: string, scan: SourceScan, progress?: ScanProgress): Promise<void> {
  const found: { full: string; rel: string }[] = [];
  const others: string[] = [];
  scan.assets = folderAssets(root, others);
  const dirs: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  let slice = performance.now();
  while (dirs.length > 0) {
    const { dir, depth } = dirs.shift()!;
    if (depth > MAX_DEPTH) {
      scan.skipped.push({
        path: path.relative(root, dir),
        reason: `nested deeper than ${MAX_DEPTH} folders`,
      });
      continue;
    }
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (entry.isSymbolicLink()) {
        const target = statSync(full, { throwIfNoEntry: false });
        if (MARKDOWN.test(entry.name) || target?.isDirectory())
          scan.skipped.push({ path: rel, reason: 'symbolic link (not followed)' });
      } else if (entry.isDirectory()) dirs.push({ dir: full, depth: depth + 1 });
      else if (entry.isFile() && MARKDOWN.test(entry.name)) found.push({ full, rel });
      else {
        scan.ignored += 1;
        if (entry.isFile()) others.push(rel);
      }
    }
    if (performance.now() - slice > 8) {
      await yieldToLoop();
      slice = performance.now();
    }
  }
  found.sort((a, b) => a.rel.localeCompare(b.rel));
  await inSlices(found, ({ full, rel }, i) => {
    try {
      const info = lstatSync(full);
      if (info.size > MAX_FILE_BYTES) scan.skipped.push({ path: rel, reason: tooLarge(info.size) });
      else add(scan, rel, readFileSync(full), info.mtimeMs);
    } catch (err) {
      scan.skipped.push({
        path: rel,
        reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      });
    }
    if (i % 200 === 0) progress?.(i, found.length);
  });
}

/** A zip entry name we are willing to use: relative, no `..`, no drive letters or backslashes. */
function safeEntryName(name: string): boolean {
  if (name.includes('\\') || name.includes('\0') || name.startsWith('/') || /^[a-z]:/i.test(name))
    return false;
  return !name.split('/').some((seg) => seg === '..');
}

function scanZip(bytes: Uint8Array, scan: SourceScan): void {
  let budget = MAX_ARCHIVE_BYTES;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.endsWith('/')) return false;
        if (!safeEntryName(f.name)) {
          scan.skipped.push({ path: f.name, reason: 'unsafe path in the archive (outside its folder)' });
          return false;
        }
        if (f.name.split('/').some((s) => s.startsWith('.'))) return false;
        if (!MARKDOWN.test(f.name)) {
          scan.ignored += 1;
          // Kept (within the archive budget) in case a note references it as an attachment.
          if (f.originalSize > budget) return false;
          budget -= f.originalSize;
          return true;
        }
        if (f.originalSize > MAX_FILE_BYTES || f.originalSize > budget) {
          scan.skipped.push({ path: f.name, reason: tooLarge(f.originalSize) });
          return false;
        }
        budget -= f.originalSize;
        return true;
      },
    });
  } catch (err) {
    throw new DossierError('BAD_INPUT', `The archive cannot be read: ${(err as Error).message}.`);
  }
  const assets = new Map<string, Uint8Array>();
  for (const name of Object.keys(entries).sort()) {
    if (MARKDOWN.test(name)) add(scan, name, entries[name]!, null);
    else assets.set(name, entries[name]!);
  }
  scan.assets = {
    list: [...assets.keys()],
    read: async (rel) => (assets.has(rel) ? { bytes: assets.get(rel)! } : null),
  };
}

/** Reads an import source: a folder (recursively), a .zip of markdown files, or one .md file. */
export async function scanSource(source: string, progress?: ScanProgress): Promise<SourceScan> {
  const scan: SourceScan = { files: [], skipped: [], ignored: 0, assets: noAssets() };
  const resolved = path.resolve(source);
  let info;
  try {
    info = await stat(resolved);
  } catch (err) {
    throw new DossierError(
      'NOT_FOUND',
      `${resolved} cannot be opened (${(err as NodeJS.ErrnoException).code ?? 'error'}). Check the path.`,
    );
  }
  try {
    if (info.isDirectory()) await scanFolder(resolved, scan, progress);
    else if (/\.zip$/i.test(resolved)) {
      if (info.size > MAX_ARCHIVE_BYTES)
        throw new DossierError('BAD_INPUT', `The archive is too large (${mb(info.size)}).`);
      scanZip(await readFile(resolved), scan);
    } else if (MARKDOWN.test(resolved)) {
      if (info.size > MAX_FILE_BYTES)
        scan.skipped.push({ path: path.basename(resolved), reason: tooLarge(info.size) });
      else add(scan, path.basename(resolved), await readFile(resolved), info.mtimeMs);
      // One note file: what it references is looked up beside it.
      scan.assets = folderAssets(path.dirname(resolved), []);
    } else throw new DossierError('BAD_INPUT', 'Import a folder, a .zip archive or a .md file.');
  } catch (err) {
    if (err instanceof DossierError) throw err;
    throw new DossierError(
      'IO_ERROR',
      `Cannot read ${resolved}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`,
    );
  }
  return scan;
}
