import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { checkPostings, decodeSequence, type IndexSnapshot, type TextIndex } from './text-index.js';
import { timeSlicer, yieldToLoop } from '../../domain/slices.js';
import type { Sealer } from '../../store/sealed/sealer.js';

/**
 * The search index persisted beside the store, so a large notebook opens with search ready at once
 * instead of re-reading every word. It is only a cache: anything unexpected (missing, truncated, other
 * format, notes changed since) means rebuilding, never a wrong answer or a failed start.
 *
 * Layout: "DSIX" | u32 header bytes | header JSON | postings… (varint gaps, see encodePostings) | sequences…
 * (varint term ids, see encodeSequence); postingLengths and sequenceLengths count bytes. It holds every
 * word of every note, so a protected notebook's cache goes through the store's sealer like the store.
 */
export const INDEX_CACHE_FILE = 'search-index.bin';
const MAGIC = 'DSIX';
const FORMAT = 4;
/** How long a check of the read cache may hold the event loop before yielding. */
const CHECK_SLICE_MS = 8;
const CHUNK_BYTES = 4 << 20;

const headerSchema = z.object({
  format: z.literal(FORMAT),
  terms: z.array(z.string()),
  docs: z.array(z.string()),
  fingerprints: z.array(z.string()),
  postingLengths: z.array(z.number().int().min(0)),
  sequenceLengths: z.array(z.number().int().min(0)),
});

/** JSON.stringify of an array, made 4,096 items at a time with `pause` between (the same text). */
async function jsonArray(items: readonly unknown[], pause: () => Promise<void> | undefined): Promise<string> {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i += 4096) {
    const piece = JSON.stringify(items.slice(i, i + 4096));
    parts.push(piece.slice(1, -1));
    const wait = pause();
    if (wait) await wait;
  }
  return `[${parts.join(',')}]`;
}

/**
 * Writes the index in ≤4 MB pieces with a yield between them (no long stall), via a temp file and rename.
 * Every piece goes through `sealer` as it is written, so not even the temp file holds a readable word.
 */
export async function writeIndexCache(dataDir: string, index: TextIndex, sealer: Sealer): Promise<void> {
  // Sealed, copied and turned into JSON in time slices: whole, each step took ≈50 ms at 50,000 notes.
  // The snapshot's arrays are views the index never writes over (new bytes go after them).
  const snap = await index.snapshotInSlices();
  const pause = timeSlicer(CHECK_SLICE_MS);
  const json =
    `{"format":${FORMAT},"terms":${await jsonArray(snap.terms, pause)},` +
    `"docs":${await jsonArray(snap.docs, pause)},"fingerprints":${await jsonArray(snap.fingerprints, pause)},` +
    `"postingLengths":${await jsonArray(
      snap.postings.map((p) => p.length),
      pause,
    )},"sequenceLengths":${await jsonArray(
      snap.sequences.map((q) => q.length),
      pause,
    )}}`;
  await yieldToLoop();
  const header = Buffer.from(json);
  const lead = Buffer.alloc(8);
  lead.write(MAGIC, 0, 'latin1');
  lead.writeUInt32LE(header.length, 4);
  const target = path.join(dataDir, INDEX_CACHE_FILE);
  const temp = path.join(dataDir, `.${INDEX_CACHE_FILE}.${process.pid}.tmp`);
  const fh = await open(temp, 'w', 0o600);
  const encoder = sealer.fileEncoder();
  const write = async (bytes: Buffer) => {
    const out = encoder.update(bytes);
    if (out.length) await fh.write(out);
  };
  try {
    await write(Buffer.concat([lead, header]));
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      await write(Buffer.concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
      await yieldToLoop();
    };
    for (const arr of [...snap.postings, ...snap.sequences]) {
      const bytes = Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    const last = encoder.final();
    if (last.length) await fh.write(last);
    await fh.close();
    await rename(temp, target);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/**
 * Opens a sealed cache in 1 MB pieces with a yield between them, straight into one buffer the size of the
 * file (the plaintext is a little smaller), so neither decrypting nor joining stalls the loop for long.
 */
async function openSliced(file: string, sealer: Sealer): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const out = Buffer.allocUnsafeSlow(size);
    const decoder = sealer.fileDecoder(INDEX_CACHE_FILE);
    let at = 0;
    const put = (plain: Buffer) => {
      if (at + plain.length > size) throw new Error('larger than its file');
      at += plain.copy(out, at);
    };
    for await (const chunk of fh.createReadStream({ highWaterMark: 1 << 20, autoClose: false })) {
      put(decoder.update(chunk as Buffer));
      await yieldToLoop();
    }
    put(decoder.final());
    return out.subarray(0, at);
  } finally {
    await fh.close();
  }
}

/**
 * Reads a cache written by writeIndexCache; null when absent or not exactly what we wrote — which includes
 * a sealed cache that fails its check (it is rebuilt) or one this sealer cannot open. A plain cache's header
 * and data are read separately, so the header's bytes are not kept alive by the views into the data; the
 * data are checked in slices (≈0.5 s of work at 100k notes would otherwise hold the core's thread).
 */
export async function readIndexCache(dataDir: string, sealer: Sealer): Promise<IndexSnapshot | null> {
  const file = path.join(dataDir, INDEX_CACHE_FILE);
  const read = sealer.sealing ? await readSealed(file, sealer) : await readPlain(file);
  return read && restore(read.header, read.data);
}

type Parts = { header: z.infer<typeof headerSchema>; data: Buffer };

function parseHeader(bytes: Buffer): z.infer<typeof headerSchema> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  const header = headerSchema.safeParse(parsed);
  return header.success ? header.data : null;
}

const dataBytes = (h: z.infer<typeof headerSchema>) => sum(h.postingLengths) + sum(h.sequenceLengths);

async function readSealed(file: string, sealer: Sealer): Promise<Parts | null> {
  let buf: Buffer;
  try {
    buf = await openSliced(file, sealer);
  } catch {
    return null;
  }
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) return null;
  const headerBytes = buf.readUInt32LE(4);
  if (8 + headerBytes > buf.length) return null;
  const header = parseHeader(buf.subarray(8, 8 + headerBytes));
  if (!header || 8 + headerBytes + dataBytes(header) !== buf.length) return null;
  return { header, data: buf.subarray(8 + headerBytes) };
}

async function readPlain(file: string): Promise<Parts | null> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = (await fh.stat()).size;
    const lead = Buffer.alloc(8);
    // A sealed cache (protection turned off since) fails here and is rebuilt like any other.
    if (size < 8 || (await fh.read(lead, 0, 8, 0)).bytesRead !== 8) return null;
    if (lead.toString('latin1', 0, 4) !== MAGIC) return null;
    const headerBytes = lead.readUInt32LE(4);
    if (8 + headerBytes > size) return null;
    const headerBuf = Buffer.alloc(headerBytes);
    if ((await fh.read(headerBuf, 0, headerBytes, 8)).bytesRead !== headerBytes) return null;
    const header = parseHeader(headerBuf);
    if (!header) return null;
    const total = dataBytes(header);
    if (8 + headerBytes + total !== size) return null;
    const data = Buffer.allocUnsafeSlow(total);
    for (let at = 0; at < total;) {
      const { bytesRead } = await fh.read(data, at, Math.min(CHUNK_BYTES, total - at), 8 + headerBytes + at);
      if (bytesRead === 0) return null;
      at += bytesRead;
    }
    return { header, data };
  } finally {
    await fh.close();
  }
}

/** Views into `data` for each posting list and sequence, after checking every one in slices. */
async function restore(h: z.infer<typeof headerSchema>, data: Buffer): Promise<IndexSnapshot | null> {
  if (
    h.postingLengths.length !== h.terms.length ||
    h.sequenceLengths.length !== h.docs.length ||
    h.fingerprints.length !== h.docs.length
  )
    return null;
  let at = data.byteOffset;
  const take = (n: number) => {
    const view = new Uint8Array(data.buffer, at, n);
    at += n;
    return view;
  };
  const postings = h.postingLengths.map(take);
  const sequences = h.sequenceLengths.map(take);
  const docCount = h.docs.length;
  // Every posting must name docs that exist, every sequence terms that exist.
  let slice = performance.now();
  for (const p of postings) {
    if (checkPostings(p, docCount) < 0) return null;
    if (performance.now() - slice > CHECK_SLICE_MS) {
      await yieldToLoop();
      slice = performance.now();
    }
  }
  const into = { ids: new Int32Array(4096) };
  for (const s of sequences) {
    const n = decodeSequence(s, into);
    if (n < 0) return null;
    for (let i = 0; i < n; i++) if (into.ids[i]! >= h.terms.length) return null;
    if (performance.now() - slice > CHECK_SLICE_MS) {
      await yieldToLoop();
      slice = performance.now();
    }
  }
  return { terms: h.terms, docs: h.docs, fingerprints: h.fingerprints, postings, sequences };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
