import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { lstat, readFile, stat } from 'node:fs/promises';
import { inSlices, yieldToLoop } from '../../domain/slices.js';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { DossierError } from '../../domain/errors.js';
import { formatSize } from '../../domain/format-size.js';

/** One markdown file found in an import source, already decoded, or the reason it was left out. */
export type SourceFile = { path: string; text: string; mtimeMs: number | null };
import type { Skipped } from '../../domain/records.js';

export type { Skipped };
/**
 * The other files of a source (images, PDFs…), which notes may reference as attachments: relative paths
 * with '/' separators, readable as a real file (folder) or as bytes (zip). See attachments/import-files.ts.
 */
export type SourceAssets = {
  list: string[];
  /** whether the file is there (a preview checks without reading) */
  has(rel: string): Promise<boolean>;
  read(rel: string): Promise<{ path: string } | { bytes: Uint8Array } | null>;
};
export type SourceScan = { files: SourceFile[]; skipped: Skipped[]; ignored: number; assets: SourceAssets };

const noAssets = (): SourceAssets => ({ list: [], has: async () => false, read: async () => null });

/** Assets of a folder source: every non-note file found, read from disk (never outside the folder). */
function folderAssets(root: string, list: string[]): SourceAssets {
  const read = async (rel: string) => {
    const full = path.resolve(root, rel);
    if (!full.startsWith(root + path.sep)) return null;
    const info = await lstat(full).catch(() => null);
    return info?.isFile() ? { path: full } : null;
  };
  return { list, read, has: async (rel) => (await read(rel)) !== null };
}

/** Largest zip entry an import unpacks as an attachment (held in memory while it is stored). */
const MAX_ZIP_ASSET_BYTES = 512 * 1024 * 1024;

/**
 * Assets of a zip source: the names come from the listing; an entry is inflated (size- and CRC-checked)
 * only when a note references it, from a fresh handle on the archive.
 */
function zipAssets(file: string, list: string[]): SourceAssets {
  const names = new Set(list);
  return {
    list,
    has: async (rel) => names.has(rel),
    async read(rel) {
      if (!names.has(rel)) return null;
      const zip = await openZip(file);
      try {
        const entry = await new Promise<Entry | null>((resolve, reject) => {
          zip.on('entry', (e: Entry) => {
            if (nameDecoder.decode(e.fileName as unknown as Uint8Array) === rel) resolve(e);
            else zip.readEntry();
          });
          zip.once('end', () => resolve(null));
          zip.once('error', reject);
          zip.readEntry();
        });
        if (!entry || entry.isEncrypted() || entry.uncompressedSize > MAX_ZIP_ASSET_BYTES) return null;
        const bytes = await inflateEntry(zip, entry);
        return 'reason' in bytes ? null : { bytes };
      } finally {
        zip.close();
      }
    },
  };
}

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/**
 * Unpacked markdown one import reads at most, whatever the store budget allows: it bounds the memory an
 * import holds (the default store budget is the same 256 MiB, so a default notebook never gets near it).
 */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
/** Markdown files one import reads at most: twice the largest notebook the benchmarks cover. */
export const MAX_IMPORT_FILES = 100_000;
const MAX_DEPTH = 64;
const MARKDOWN = /\.(md|markdown)$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
/** The reason given for a file over the size limit, wherever it is found. */
const tooLarge = (bytes: number) => `too large (${mb(bytes)}; the limit is ${mb(MAX_FILE_BYTES)})`;

/** Progress of reading a source: files read so far and files found. */
export type ScanProgress = (done: number, total: number) => void;

export type ScanOptions = {
  progress?: ScanProgress;
  /**
   * Called with the bytes and the number of the files about to be read, before the first is read
   * (zip: as declared, and verified while inflating); throw to refuse the import (the store budget does).
   */
  beforeRead?: (totalBytes: number, files: number) => void;
  /** markdown files one import reads at most (default MAX_IMPORT_FILES) */
  maxFiles?: number;
};

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
async function scanFolder(root: string, scan: SourceScan, options: ScanOptions): Promise<void> {
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
      else if (entry.isFile() && MARKDOWN.test(entry.name)) {
        found.push({ full, rel });
        const max = options.maxFiles ?? MAX_IMPORT_FILES;
        if (found.length > max)
          throw new DossierError(
            'BAD_INPUT',
            `The folder holds more than ${max.toLocaleString('en')} markdown files; one import reads at most that many. Nothing was changed.`,
          );
      } else {
        scan.ignored += 1;
        if (entry.isFile() && others.length < MAX_IMPORT_FILES) others.push(rel);
      }
    }
    if (performance.now() - slice > 8) {
      await yieldToLoop();
      slice = performance.now();
    }
  }
  found.sort((a, b) => a.rel.localeCompare(b.rel));
  // Sizes first, so the whole read can be refused (store budget) before any file is read.
  const sized: { full: string; rel: string; size: number }[] = [];
  await inSlices(found, ({ full, rel }) => {
    const info = lstatSync(full, { throwIfNoEntry: false });
    if (!info?.isFile()) scan.skipped.push({ path: rel, reason: 'no longer a plain file' });
    else if (info.size > MAX_FILE_BYTES) scan.skipped.push({ path: rel, reason: tooLarge(info.size) });
    else sized.push({ full, rel, size: info.size });
  });
  options.beforeRead?.(
    sized.reduce((sum, f) => sum + f.size, 0),
    sized.length,
  );
  await inSlices(sized, ({ full, rel }, i) => {
    try {
      const r = readNoFollow(full);
      if ('reason' in r) scan.skipped.push({ path: rel, reason: r.reason });
      else add(scan, rel, r.bytes, r.mtimeMs);
    } catch (err) {
      scan.skipped.push({
        path: rel,
        reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      });
    }
    if (i % 200 === 0) options.progress?.(i, sized.length);
  });
}

/**
 * Reads a file without following a symbolic link (O_NOFOLLOW), so a file swapped for a link to
 * somewhere else after the walk is refused, not read; the size is checked again on the open file.
 */
function readNoFollow(full: string): { bytes: Buffer; mtimeMs: number } | { reason: string } {
  let fd: number;
  try {
    fd = openSync(full, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') return { reason: 'symbolic link (not followed)' };
    throw err;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { reason: 'no longer a plain file' };
    if (info.size > MAX_FILE_BYTES) return { reason: tooLarge(info.size) };
    return { bytes: readFileSync(fd), mtimeMs: info.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** A zip entry name we are willing to use: relative, no `..`, no drive letters or backslashes. */
function safeEntryName(name: string): boolean {
  if (name.includes('\\') || name.includes('\0') || name.startsWith('/') || /^[a-z]:/i.test(name))
    return false;
  return !name.split('/').some((seg) => seg === '..');
}

/** Opens a zip for reading entry by entry (yauzl: central directory first, random access from the file). */
function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      file,
      // validateEntrySizes: an entry that inflates to more or less than it declares fails while streaming.
      // decodeStrings off: yauzl would fail the whole archive on one unsafe name; we refuse that entry alone.
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: false },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    ),
  );
}

const nameDecoder = new TextDecoder('utf-8');

/**
 * The archive's entries from its central directory, nothing inflated. Only markdown entries (and the
 * names of unsafe ones) are kept, so an archive of countless other entries costs no memory; more than
 * `maxFiles` markdown entries stops the listing with a refusal.
 */
function listEntries(
  zip: ZipFile,
  maxFiles: number,
  others: string[],
): Promise<{ name: string; entry: Entry }[]> {
  return new Promise((resolve, reject) => {
    const entries: { name: string; entry: Entry }[] = [];
    zip.on('entry', (e: Entry) => {
      // Raw names (decodeStrings off); zips that carry markdown notes name them in UTF-8 or ASCII.
      const name = nameDecoder.decode(e.fileName as unknown as Uint8Array);
      if (MARKDOWN.test(name) || !safeEntryName(name)) entries.push({ name, entry: e });
      // Other entries are remembered by name only, for notes that reference them as attachments.
      else if (!name.endsWith('/') && others.length < maxFiles) others.push(name);
      if (entries.length > maxFiles) {
        reject(
          new DossierError(
            'BAD_INPUT',
            `The archive holds more than ${maxFiles.toLocaleString('en')} markdown files; one import reads at most that many. Nothing was changed.`,
          ),
        );
        return;
      }
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/**
 * Inflates one entry, stopping as soon as it passes the size it declared (which is already within the
 * file limit), and checks its CRC-32. Answers the bytes or why the entry was refused.
 */
function inflateEntry(zip: ZipFile, entry: Entry): Promise<Uint8Array | { reason: string }> {
  const declared = entry.uncompressedSize;
  const more = `unpacks to more than the ${formatSize(declared)} its header declares (refused as damaged or hostile; stopped unpacking it there)`;
  return new Promise((resolve) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return resolve({ reason: `cannot be unpacked (${err.message})` });
      const chunks: Buffer[] = [];
      let size = 0;
      let crc = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > declared) {
          stream.destroy();
          return resolve({ reason: more });
        }
        crc = crc32(chunk, crc);
        chunks.push(chunk);
      });
      stream.on('error', (e: Error) => {
        // yauzl's own size check (validateEntrySizes) says the same in its words.
        if (/too many bytes/.test(e.message)) resolve({ reason: more });
        else if (/not enough bytes/.test(e.message))
          resolve({
            reason: `unpacks to less than the ${formatSize(declared)} its header declares (damaged)`,
          });
        else resolve({ reason: `cannot be unpacked (${e.message})` });
      });
      stream.on('end', () => {
        if (size !== declared)
          resolve({
            reason: `unpacks to less than the ${formatSize(declared)} its header declares (damaged)`,
          });
        else if (crc !== entry.crc32 >>> 0)
          resolve({ reason: 'damaged (its CRC-32 checksum does not match)' });
        else resolve(Buffer.concat(chunks, size));
      });
    });
  });
}

/**
 * Reads the markdown entries of a zip one at a time: sizes are known from the central directory
 * before anything is inflated, so oversized entries are refused unread and the total is checked
 * (`beforeRead`) before the first byte is unpacked; each entry is capped while inflating and its
 * declared size and CRC are verified. Peak memory is the notes read, never the archive's claims.
 */
async function scanZip(file: string, scan: SourceScan, options: ScanOptions): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await openZip(file);
  } catch (err) {
    throw new DossierError('BAD_INPUT', `The archive cannot be read: ${(err as Error).message}.`);
  }
  try {
    let entries: { name: string; entry: Entry }[];
    try {
      const others: string[] = [];
      entries = await listEntries(zip, options.maxFiles ?? MAX_IMPORT_FILES, others);
      scan.assets = zipAssets(file, others);
    } catch (err) {
      if (err instanceof DossierError) throw err;
      throw new DossierError('BAD_INPUT', `The archive cannot be read: ${(err as Error).message}.`);
    }
    const wanted: { name: string; entry: Entry }[] = [];
    const names = new Set<string>();
    for (const { name, entry: e } of entries.sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    )) {
      if (name.endsWith('/')) continue;
      if (!safeEntryName(name)) {
        scan.skipped.push({ path: name, reason: 'unsafe path in the archive (outside its folder)' });
        continue;
      }
      if (name.split('/').some((seg) => seg.startsWith('.'))) continue;
      if (names.has(name)) {
        scan.skipped.push({ path: name, reason: 'appears twice in the archive (the first one was read)' });
        continue;
      }
      names.add(name);
      if (e.isEncrypted()) scan.skipped.push({ path: name, reason: 'encrypted (not supported)' });
      else if (e.uncompressedSize > MAX_FILE_BYTES)
        scan.skipped.push({ path: name, reason: tooLarge(e.uncompressedSize) });
      else wanted.push({ name, entry: e });
    }
    scan.ignored += zip.entryCount - entries.length;
    const total = wanted.reduce((sum, w) => sum + w.entry.uncompressedSize, 0);
    options.beforeRead?.(total, wanted.length);
    if (total > MAX_UNPACKED_BYTES)
      throw new DossierError(
        'BAD_INPUT',
        `The archive unpacks to ${formatSize(total)} of notes; one import reads at most ${formatSize(MAX_UNPACKED_BYTES)}. Nothing was changed.`,
      );
    for (const [i, { name, entry }] of wanted.entries()) {
      options.progress?.(i, wanted.length);
      const bytes = await inflateEntry(zip, entry);
      if ('reason' in bytes) {
        scan.skipped.push({ path: name, reason: bytes.reason });
        continue;
      }
      add(scan, name, bytes, null);
    }
    options.progress?.(wanted.length, wanted.length);
  } finally {
    zip.close();
  }
}

/** Reads an import source: a folder (recursively), a .zip of markdown files, or one .md file. */
export async function scanSource(source: string, options: ScanOptions = {}): Promise<SourceScan> {
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
    if (info.isDirectory()) await scanFolder(resolved, scan, options);
    else if (/\.zip$/i.test(resolved)) await scanZip(resolved, scan, options);
    else if (MARKDOWN.test(resolved)) {
      if (info.size > MAX_FILE_BYTES)
        scan.skipped.push({ path: path.basename(resolved), reason: tooLarge(info.size) });
      else {
        options.beforeRead?.(info.size, 1);
        add(scan, path.basename(resolved), await readFile(resolved), info.mtimeMs);
        // One note file: what it references is looked up beside it.
        scan.assets = folderAssets(path.dirname(resolved), []);
      }
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
