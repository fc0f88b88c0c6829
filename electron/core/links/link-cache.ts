import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LinkIndex, LinkSnapshot } from './link-index.js';
import type { ParsedLink } from './parse.js';
import type { Sealer } from '../../store/sealed/sealer.js';
import { inSlices } from '../../domain/slices.js';

/**
 * The link index persisted beside the store (like search-index.bin): per note its fingerprint and parsed
 * links, so a large notebook does not re-read every body for links at open. Only a cache: anything
 * unexpected means rebuilding.
 */
export const LINK_CACHE_FILE = 'link-index.json';
const FORMAT = 1;

/** A link as a compact tuple: [offset, length, kind, embed, target, heading, block, label, isFile]. */
type Row = [number, number, 0 | 1, 0 | 1, string, string | null, string | null, string | null, 0 | 1];

const toRow = (l: ParsedLink): Row => [
  l.offset,
  l.length,
  l.kind === 'wiki' ? 0 : 1,
  l.embed ? 1 : 0,
  l.target,
  l.heading,
  l.block,
  l.label,
  l.isFile ? 1 : 0,
];

const str = (v: unknown): v is string | null => v === null || typeof v === 'string';

function fromRow(r: unknown): ParsedLink | null {
  if (!Array.isArray(r) || r.length !== 9) return null;
  const [offset, length, kind, embed, target, heading, block, label, isFile] = r as unknown[];
  if (!Number.isInteger(offset) || !Number.isInteger(length) || typeof target !== 'string') return null;
  if (!str(heading) || !str(block) || !str(label)) return null;
  return {
    offset: offset as number,
    length: length as number,
    kind: kind === 0 ? 'wiki' : 'markdown',
    embed: embed === 1,
    target,
    heading,
    block,
    label,
    isFile: isFile === 1,
  };
}

/** Writes the link cache (temp file and rename), through `sealer` (it holds link targets and labels). */
export async function writeLinkCache(dataDir: string, index: LinkIndex, sealer: Sealer): Promise<void> {
  // Read and written as JSON in time slices (≈35 ms in one piece at 50,000 notes): the same text.
  const snap = await index.snapshotInSlices();
  const parts: string[] = [];
  await inSlices(snap.entries, (e) => {
    parts.push(JSON.stringify([e.id, e.fingerprint, e.links.map(toRow)]));
  });
  const json = `{"format":${FORMAT},"entries":[${parts.join(',')}]}`;
  const target = path.join(dataDir, LINK_CACHE_FILE);
  const temp = path.join(dataDir, `.${LINK_CACHE_FILE}.${process.pid}.tmp`);
  try {
    await writeFile(temp, sealer.sealFile(Buffer.from(json)), { mode: 0o600 });
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** Reads the link cache; null when absent or not what we wrote (a sealed one failing its check too). */
export async function readLinkCache(dataDir: string, sealer: Sealer): Promise<LinkSnapshot | null> {
  let parsed: unknown;
  try {
    const onDisk = await readFile(path.join(dataDir, LINK_CACHE_FILE));
    parsed = JSON.parse(sealer.openFile(onDisk, LINK_CACHE_FILE).toString('utf8'));
  } catch {
    return null;
  }
  const obj = parsed as { format?: unknown; entries?: unknown };
  if (!obj || obj.format !== FORMAT || !Array.isArray(obj.entries)) return null;
  const entries: LinkSnapshot['entries'] = [];
  for (const e of obj.entries as unknown[]) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'string' || !Array.isArray(e[2]))
      return null;
    const links: ParsedLink[] = [];
    for (const r of e[2] as unknown[]) {
      const l = fromRow(r);
      if (!l) return null;
      links.push(l);
    }
    entries.push({ id: e[0], fingerprint: e[1], links });
  }
  return { entries };
}
