import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { timeSlicer } from '../../domain/slices.js';

/** One file of an archive: text is deflated; `stored` bytes (images, PDFs: compressed already) are not. */
export type ZipEntry = { name: string; bytes: Uint8Array; stored?: boolean };

/**
 * Builds a .zip in memory file by file, yielding to the event loop between files. fflate's `zipSync`
 * compresses a whole export in one go: seconds with the core held at 50,000 notes, during which no call
 * (a search, a save) is answered. Entries come from an iterable, so each file's bytes can be made just
 * before they are packed and dropped right after.
 */
export async function zipInSlices(
  entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else chunks.push(chunk);
  });
  const pause = timeSlicer();
  for await (const entry of entries) {
    const file = entry.stored ? new ZipPassThrough(entry.name) : new ZipDeflate(entry.name, { level: 6 });
    zip.add(file);
    file.push(entry.bytes, true);
    if (failure) throw failure;
    await pause();
  }
  zip.end();
  if (failure) throw failure;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
