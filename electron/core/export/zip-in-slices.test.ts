import { describe, expect, it } from 'vitest';
import yauzl, { type Entry } from 'yauzl';
import { randomBytes } from 'node:crypto';
import { zipInSlices, type ZipEntry } from './zip-in-slices.js';

/** Reads an archive with yauzl (another implementation than the writer's): name → method and bytes. */
function readZip(bytes: Uint8Array): Promise<Map<string, { method: number; bytes: Buffer }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, { method: number; bytes: Buffer }>();
      zip.on('entry', (entry: Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (c: Buffer) => parts.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, { method: entry.compressionMethod, bytes: Buffer.concat(parts) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const note = (i: number) =>
  `---\ntitle: Visit ${i}\n---\n\n${`Partner visit ${i} to the Fraunhofer radar lab, calibration notes. `.repeat(400)}\n`;

describe('zipInSlices', () => {
  it('packs text deflated and stored bytes as they are, readable by another zip reader', async () => {
    const photo = randomBytes(20_000);
    const entries: ZipEntry[] = [
      { name: 'Radar/Visit 1.md', bytes: Buffer.from(note(1)) },
      { name: 'Radar/_attachments/photo.png', bytes: photo, stored: true },
      { name: 'Inbox/Ünïcode — ✓.md', bytes: Buffer.from('') },
    ];
    const zip = await zipInSlices(entries);
    const read = await readZip(zip);
    expect([...read.keys()]).toEqual(entries.map((e) => e.name));
    expect(read.get('Radar/Visit 1.md')).toMatchObject({ method: 8, bytes: Buffer.from(note(1)) });
    expect(read.get('Radar/_attachments/photo.png')).toMatchObject({ method: 0, bytes: photo });
    expect(read.get('Inbox/Ünïcode — ✓.md')?.bytes.length).toBe(0);
    expect(zip.length).toBeLessThan(photo.length + note(1).length / 4);
  });

  it('lets other work run while it packs many files', async () => {
    // Each file takes about a millisecond to deflate; zipSync would run all of them without a break.
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks += 1;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const zip = await zipInSlices(
      (function* () {
        for (let i = 0; i < 300; i++) yield { name: `Radar/Visit ${i}.md`, bytes: Buffer.from(note(i)) };
      })(),
    );
    running = false;
    expect((await readZip(zip)).size).toBe(300);
    expect(ticks).toBeGreaterThan(3);
  });

  it('passes on a failure of the files it is given', async () => {
    const entries = async function* () {
      yield { name: 'a.md', bytes: Buffer.from('a') };
      throw new Error('disk went away');
    };
    await expect(zipInSlices(entries())).rejects.toThrow('disk went away');
  });
});
