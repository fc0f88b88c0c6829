import { beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { useCli, type CliResult } from './run-cli.js';
import { openApp } from '../../electron/shell/open-app.js';
import { scanSource } from '../../electron/core/import/sources.js';
import { deflatedEntry, writeHostileArchives, writeZip } from '../../bench/zip-archives.js';

// Zip import is streamed and bounded. The hostile archives of issue 11 are made here (small on disk)
// and imported by the real `dossier` command in a child process whose peak RSS is measured.

const cli = useCli({ artifact: 'cli-zip', prefix: 'dossier-zip-' });
const MAX_RSS_MB = 400;
let dir: string;
let rssHook: string;

beforeAll(async () => {
  dir = cli.dir;
  // Preloaded into the child: reports its peak resident set size (KiB) on exit.
  rssHook = path.join(dir, 'rss-hook.cjs');
  await writeFile(
    rssHook,
    "process.on('exit', () => require('node:fs').writeSync(2, `\\nMAXRSS_KB=${process.resourceUsage().maxRSS}\\n`));\n",
  );
});

type Run = CliResult & { rssMb: number; ms: number };

async function importCli(archive: string, dataDir: string): Promise<Run> {
  const started = performance.now();
  const r = await cli.run(['import', archive, '--json'], {
    dataDir,
    env: { DOSSIER_STORE_BUDGET_BYTES: '' },
    nodeArgs: ['-r', rssHook],
  });
  const kb = Number(/MAXRSS_KB=(\d+)/.exec(r.err)?.[1] ?? NaN);
  return { ...r, rssMb: kb / 1024, ms: Math.round(performance.now() - started) };
}

const report = (label: string, r: Run, zipBytes: number) =>
  process.stdout.write(
    `[zip import] ${label}: zip ${(zipBytes / 1024 / 1024).toFixed(1)} MB, exit ${r.code}, peak RSS ${r.rssMb.toFixed(0)} MB, ${r.ms} ms\n`,
  );

describe('streaming, bounded zip import', () => {
  it('checks each entry: declared size against actual, CRC-32, and lists every refusal with its reason', async () => {
    const good = Buffer.from('# Kick-off\n\nSeeker radar trade-offs.\n');
    const stored = Buffer.from('# Stored\n\nNot compressed at all.\n');
    const archive = path.join(dir, 'honesty.zip');
    writeZip(archive, [
      deflatedEntry('good.md', good),
      { ...deflatedEntry('bad-crc.md', Buffer.from('# CRC\n\nbody')), crc: 12345 },
      { ...deflatedEntry('claims-less.md', Buffer.alloc(10_000, 0x61)), uncompressedSize: 100 },
      { ...deflatedEntry('claims-more.md', Buffer.from('# Short\n')), uncompressedSize: 5000 },
      { name: 'stored.md', data: stored, method: 0, crc: crc32(stored), uncompressedSize: stored.length },
      deflatedEntry('../evil.md', good),
    ]);
    const app = await openApp(path.join(dir, 'honesty-data'), 'cli', { index: false });
    try {
      const r = await app.core.runImport(archive);
      expect(r.added).toBe(2);
      const reasons = Object.fromEntries(r.skipped.map((s) => [s.path, s.reason]));
      expect(reasons).toEqual({
        'bad-crc.md': 'damaged (its CRC-32 checksum does not match)',
        'claims-less.md': expect.stringMatching(/^unpacks to more than the 1 KB its header declares/),
        'claims-more.md': expect.stringMatching(/^unpacks to less than the 5 KB its header declares/),
        '../evil.md': 'unsafe path in the archive (outside its folder)',
      });
    } finally {
      await app.close();
    }
  });

  it('counts files too: a flood of empty entries meets the budget, and a file-count cap stops the listing', async () => {
    const empties = path.join(dir, 'empties.zip');
    writeZip(empties, [
      ...Array.from({ length: 200 }, (_, i) => deflatedEntry(`empty-${i}.md`, Buffer.alloc(0))),
      ...Array.from({ length: 50 }, (_, i) => deflatedEntry(`image-${i}.png`, Buffer.from('png'))),
    ]);
    process.env.DOSSIER_STORE_BUDGET_BYTES = String(16 * 1024);
    const app = await openApp(path.join(dir, 'empties-data'), 'cli', { index: false });
    try {
      await expect(app.core.runImport(empties)).rejects.toMatchObject({
        code: 'STORE_FULL',
        message: expect.stringMatching(
          /^This import would make your notes \d+ KB; Dossier keeps at most 16 KB/,
        ),
      });
      expect(app.core.info().noteCount).toBe(0);
    } finally {
      delete process.env.DOSSIER_STORE_BUDGET_BYTES;
      await app.close();
    }
    const scan = await scanSource(empties, { maxFiles: 1000 });
    expect({ files: scan.files.length, ignored: scan.ignored }).toEqual({ files: 200, ignored: 50 });
    await expect(scanSource(empties, { maxFiles: 199 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('more than 199 markdown files'),
    });
    const folder = path.join(dir, 'many-files');
    await mkdir(folder);
    for (let i = 0; i < 6; i++) await writeFile(path.join(folder, `n${i}.md`), `# ${i}`);
    await expect(scanSource(folder, { maxFiles: 5 })).rejects.toMatchObject({
      message: expect.stringContaining('more than 5 markdown files'),
    });
  });

  let archives: { label: string; file: string }[] = [];
  const archive = (label: string) => archives.find((a) => a.label === label)!.file;

  it(`110 entries of 10 MiB: refused before anything is unpacked, peak RSS ≤ ${MAX_RSS_MB} MB`, async () => {
    archives = writeHostileArchives(dir);
    const r = await importCli(archive('110 × 10 MiB'), path.join(dir, 'data-a'));
    report('110 × 10 MiB', r, (await stat(archive('110 × 10 MiB'))).size);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'This import would make your notes 1.1 GB; Dossier keeps at most 256 MB in one notebook. Nothing was changed.',
    );
    expect(r.rssMb).toBeLessThanOrEqual(MAX_RSS_MB);
  });

  it(`210 entries of 4.9 MB (the notebook-breaking one): refused with the size, peak RSS ≤ ${MAX_RSS_MB} MB`, async () => {
    const data = path.join(dir, 'data-b');
    const r = await importCli(archive('210 × 4.9 MB'), data);
    report('210 × 4.9 MB', r, (await stat(archive('210 × 4.9 MB'))).size);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /This import would make your notes 98\d MB; Dossier keeps at most 256 MB in one notebook\. Nothing was changed\./,
    );
    expect(r.rssMb).toBeLessThanOrEqual(MAX_RSS_MB);
    // Nothing was imported: the store holds no notes.
    const text = await readFile(path.join(data, 'dossier.json'), 'utf8').catch(() => '{"notes":{}}');
    // eslint-disable-next-line no-restricted-syntax -- the file as JSON: a plain record
    expect(Object.keys((JSON.parse(text) as { notes: object }).notes)).toHaveLength(0);
  });

  it(`one entry that claims 1 KiB and inflates to 1 GiB: refused after 1 KiB, the rest imported, peak RSS ≤ ${MAX_RSS_MB} MB`, async () => {
    const file = archive('1 KiB claimed, 1 GiB inflated');
    const r = await importCli(file, path.join(dir, 'data-c'));
    report('1 KiB claimed, 1 GiB inflated', r, (await stat(file)).size);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { added: number; skipped: { path: string; reason: string }[] };
    expect(rep.added).toBe(1);
    expect(rep.skipped).toEqual([
      {
        path: 'bomb.md',
        reason: expect.stringMatching(/^unpacks to more than the 1 KB its header declares/),
      },
    ]);
    expect(r.rssMb).toBeLessThanOrEqual(MAX_RSS_MB);
  });
});
