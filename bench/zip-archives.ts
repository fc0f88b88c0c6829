import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateRawSync, constants as zc } from 'node:zlib';

/** One entry as it goes into the archive; the sizes and CRC are written as given, true or not. */
export type RawEntry = {
  name: string;
  /** the entry's data as stored (raw deflate for method 8) */
  data: Buffer;
  method: 0 | 8;
  crc: number;
  uncompressedSize: number;
};

/** A deflated entry that tells the truth about its content. */
export function deflatedEntry(name: string, content: Buffer): RawEntry {
  return {
    name,
    data: deflateRawSync(content),
    method: 8,
    crc: crc32(content),
    uncompressedSize: content.length,
  };
}

/**
 * Raw deflate data that inflates to `mib` MiB of `byte`, built from one self-contained 1 MiB block
 * (a full flush resets the dictionary, so the block can repeat) plus a final empty block: a
 * gigabyte-sized entry costs about a megabyte on disk and nothing to make.
 */
export function repeatedDeflate(byte: number, mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, byte), { finishFlush: zc.Z_FULL_FLUSH });
  const end = deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([...Array.from({ length: mib }, () => block), end]);
}

/** Writes a zip (local headers, central directory, end record) entry by entry; no zip64. */
export function writeZip(file: string, entries: Iterable<RawEntry>): void {
  const fd = openSync(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  const put = (b: Buffer) => {
    writeSync(fd, b);
    offset += b.length;
  };
  try {
    for (const e of entries) {
      const name = Buffer.from(e.name, 'utf8');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(e.method, 8);
      local.writeUInt16LE(0, 10);
      local.writeUInt16LE(0x21, 12); // 1980-01-01
      local.writeUInt32LE(e.crc >>> 0, 14);
      local.writeUInt32LE(e.data.length, 18);
      local.writeUInt32LE(e.uncompressedSize, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      const at = offset;
      put(local);
      put(name);
      put(e.data);
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt16LE(e.method, 10);
      c.writeUInt16LE(0, 12);
      c.writeUInt16LE(0x21, 14);
      c.writeUInt32LE(e.crc >>> 0, 16);
      c.writeUInt32LE(e.data.length, 20);
      c.writeUInt32LE(e.uncompressedSize, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt32LE(at, 42);
      central.push(c, name);
      count++;
    }
    const cdStart = offset;
    for (const b of central) put(b);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(count, 8);
    eocd.writeUInt16LE(count, 10);
    eocd.writeUInt32LE(offset - cdStart, 12);
    eocd.writeUInt32LE(cdStart, 16);
    put(eocd);
  } finally {
    closeSync(fd);
  }
}

/** A zip of `count` copies of one deflated entry named `<prefix>-NNN.md`. */
export function manyEntries(count: number, prefix: string, content: Buffer): RawEntry[] {
  const one = deflatedEntry('x', content);
  return Array.from({ length: count }, (_, i) => ({
    ...one,
    name: `${prefix}-${String(i).padStart(3, '0')}.md`,
  }));
}

/** The three hostile archives of issue 11, written into `dir` (about 1 MB each on disk). */
export function writeHostileArchives(dir: string): { label: string; file: string }[] {
  const a = path.join(dir, '110x10MiB.zip');
  writeZip(a, manyEntries(110, 'big', Buffer.alloc(10 * 1024 * 1024, 0x61)));
  const b = path.join(dir, '210x4.9MB.zip');
  writeZip(b, manyEntries(210, 'note', Buffer.alloc(4_900_000, 0x62)));
  const c = path.join(dir, 'liar.zip');
  const kib = Buffer.alloc(1024, 0x61);
  writeZip(c, [
    {
      name: 'bomb.md',
      data: repeatedDeflate(0x61, 1024),
      method: 8,
      crc: crc32(kib),
      uncompressedSize: 1024,
    },
    deflatedEntry('ok.md', Buffer.from('# Fine\n\nA normal note.\n')),
  ]);
  return [
    { label: '110 × 10 MiB', file: a },
    { label: '210 × 4.9 MB', file: b },
    { label: '1 KiB claimed, 1 GiB inflated', file: c },
  ];
}
