import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { decodeSequence, type IndexSnapshot, type TextIndex } from './text-index.js';
import { yieldToLoop } from '../slices.js';
import { isSealedFile, type Sealer } from '../../store/sealed/sealer.js';

/**
 * The search index persisted beside the store, so a large notebook opens with search ready at once
 * instead of re-reading every word. It is only a cache: anything unexpected (missing, truncated, other
 * format, notes changed since) means rebuilding, never a wrong answer or a failed start.
 *
 * Layout: "DSIX" | u32 header bytes | header JSON | zero padding to 4 | postings… (int32 LE) | sequences…
 * (varint bytes, see encodeSequence; sequenceLengths count bytes).
 */
export const INDEX_CACHE_FILE = 'search-index.bin';
const MAGIC = 'DSIX';
const FORMAT = 3;
const CHUNK_BYTES = 4 << 20;

const headerSchema = z.object({
  format: z.literal(FORMAT),
  terms: z.array(z.string()),
  docs: z.array(z.string()),
  fingerprints: z.array(z.string()),
  postingLengths: z.array(z.number().int().min(0)),
  sequenceLengths: z.array(z.number().int().min(0)),
});

/**
 * Writes the index in ≤4 MB pieces with a yield between them (no long stall), via a temp file and rename.
 * Every piece goes through `sealer` as it is written, so not even the temp file holds a readable word.
 */
export async function writeIndexCache(dataDir: string, index: TextIndex, sealer: Sealer): Promise<void> {
  const snap = index.snapshot();
  const header = Buffer.from(
    JSON.stringify({
      format: FORMAT,
      terms: snap.terms,
      docs: snap.docs,
      fingerprints: snap.fingerprints,
      postingLengths: snap.postings.map((p) => p.length),
      sequenceLengths: snap.sequences.map((s) => s.length),
    }),
  );
  const lead = Buffer.alloc(8);
  lead.write(MAGIC, 0, 'latin1');
  lead.writeUInt32LE(header.length, 4);
  const pad = Buffer.alloc((4 - ((8 + header.length) % 4)) % 4);
  const target = path.join(dataDir, INDEX_CACHE_FILE);
  const temp = path.join(dataDir, `.${INDEX_CACHE_FILE}.${process.pid}.tmp`);
  const fh = await open(temp, 'w', 0o600);
  const encoder = sealer.fileEncoder();
  const write = async (bytes: Buffer) => {
    const out = encoder.update(bytes);
    if (out.length) await fh.write(out);
  };
  try {
    await write(Buffer.concat([lead, header, pad]));
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
 * a sealed cache that fails its check (it is rebuilt) or one this sealer cannot open.
 */
export async function readIndexCache(dataDir: string, sealer: Sealer): Promise<IndexSnapshot | null> {
  let buf: Buffer;
  try {
    if (sealer.sealing) buf = await openSliced(path.join(dataDir, INDEX_CACHE_FILE), sealer);
    else {
      // Plain bytes are used as they are (no copy of a cache of tens of MB); a sealed cache without the
      // key is rebuilt like any unreadable one.
      buf = await readFile(path.join(dataDir, INDEX_CACHE_FILE));
      if (isSealedFile(buf)) return null;
    }
  } catch {
    return null;
  }
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) return null;
  const headerBytes = buf.readUInt32LE(4);
  if (8 + headerBytes > buf.length) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(buf.toString('utf8', 8, 8 + headerBytes));
  } catch {
    return null;
  }
  const header = headerSchema.safeParse(parsed);
  if (!header.success) return null;
  const h = header.data;
  if (
    h.postingLengths.length !== h.terms.length ||
    h.sequenceLengths.length !== h.docs.length ||
    h.fingerprints.length !== h.docs.length
  )
    return null;
  const start = 8 + headerBytes + ((4 - ((8 + headerBytes) % 4)) % 4);
  const ints = h.postingLengths.reduce((a, b) => a + b, 0);
  const sequenceBytes = h.sequenceLengths.reduce((a, b) => a + b, 0);
  if (start + ints * 4 + sequenceBytes !== buf.length) return null;
  // Views straight into the file's bytes (copied once if the buffer happens to be unaligned).
  const aligned = (buf.byteOffset + start) % 4 === 0 ? buf : Buffer.from(buf);
  const all = new Int32Array(aligned.buffer, aligned.byteOffset + start, ints);
  let at = 0;
  const take = (n: number) => {
    const view = all.subarray(at, at + n);
    at += n;
    return view;
  };
  const postings = h.postingLengths.map(take);
  let byteAt = aligned.byteOffset + start + ints * 4;
  const sequences = h.sequenceLengths.map((n) => {
    const view = new Uint8Array(aligned.buffer, byteAt, n);
    byteAt += n;
    return view;
  });
  const docCount = h.docs.length;
  // Cheap sanity check: every posting must name a doc that exists.
  for (const p of postings)
    for (let i = 0; i < p.length; i++) if (p[i]! < 0 || p[i]! >= docCount) return null;
  const into = { ids: new Int32Array(4096) };
  for (const s of sequences) {
    const n = decodeSequence(s, into);
    if (n < 0) return null;
    for (let i = 0; i < n; i++) if (into.ids[i]! >= h.terms.length) return null;
  }
  return { terms: h.terms, docs: h.docs, fingerprints: h.fingerprints, postings, sequences };
}
