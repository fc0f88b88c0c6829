import { mkdir, open, rm, stat } from 'node:fs/promises';
import { convertDataDir } from '../../electron/store/sealed/convert.js';
import path from 'node:path';
import { generateCorpus } from '../corpus.js';
import { percentile, round, type BenchRow } from '../results.js';
import type { BenchSuite } from './types.js';
import { withStall } from '../stall.js';
import { openStore, STORE_FILE } from '../../electron/store/open-store.js';
import { writeStoreDurably } from '../../electron/store/chunked-writer.js';
import { notesChanged } from '../../electron/domain/changes.js';
import { keySealer, plainSealer, type Sealer } from '../../electron/store/sealed/sealer.js';
import { createProtection, DEFAULT_KDF, unlockDataKey } from '../../electron/store/sealed/protection-file.js';
import { noteOf, withNote } from '../../electron/domain/note-access.js';

const EDITS = 20;
const OPENS = 4;

type Variant = { name: 'plain' | 'protected'; dir: string; sealer: () => Sealer };
type Measured = {
  openMs: number[];
  openStall: number;
  saves: number[];
  saveStall: number;
  compactMs: number;
  compactStall: number;
  mb: number;
};

async function measure(v: Variant, m: Measured, withCompaction: boolean): Promise<void> {
  const t0 = performance.now();
  const opened = await withStall(() => openStore(v.dir, { owner: 'bench', sealer: v.sealer() }));
  m.openMs.push(performance.now() - t0);
  m.openStall = Math.max(m.openStall, opened.stallMs);
  const store = opened.value;
  const ids = [...store.get().notes.keys()];
  const saved = await withStall(async () => {
    for (let i = 0; i < EDITS; i++) {
      const current = store.get();
      const id = ids[(i * 7919) % ids.length]!;
      const note = noteOf(current, id)!;
      const s0 = performance.now();
      await store.commit(
        withNote(current, { ...note, body: `${note.body}\nedit ${i}`, updatedAt: new Date().toISOString() }),
        notesChanged([id]),
      );
      m.saves.push(performance.now() - s0);
    }
  });
  m.saveStall = Math.max(m.saveStall, saved.stallMs);
  if (withCompaction) {
    const c0 = performance.now();
    const compacted = await withStall(() => store.compactNow());
    m.compactMs = performance.now() - c0;
    m.compactStall = compacted.stallMs;
  }
  await store.close();
  m.mb = (await stat(path.join(v.dir, STORE_FILE))).size / 1024 / 1024;
}

/** Seals one 200 MB attachment with the converter; time and how far RSS rose above where it started. */
async function convertBigAttachment(tmpDir: string, dataKey: Buffer): Promise<{ ms: number; rssMb: number }> {
  const dir = path.join(tmpDir, 'big');
  const blob = path.join(dir, 'attachments', 'ab', 'ab'.padEnd(64, '0'));
  await mkdir(path.dirname(blob), { recursive: true });
  const fh = await open(blob, 'w');
  const piece = Buffer.alloc(1 << 20, 0x5a);
  for (let i = 0; i < 200; i++) await fh.write(piece);
  await fh.close();
  (globalThis as { gc?: () => void }).gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const sealer = keySealer(Buffer.from(dataKey), { requireSealed: false });
  const t0 = performance.now();
  await convertDataDir(dir, { from: sealer, to: sealer });
  const ms = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  await rm(dir, { recursive: true, force: true });
  return { ms, rssMb: (peak - rss0) / 1024 / 1024 };
}

/**
 * Encryption at rest, protected vs plain in one run on the same corpus: opening the store (key already
 * derived), acknowledged saves, compaction, and the longest event-loop stall of each; plus the time scrypt
 * takes to derive the key at the shipped parameters (N = 2^17, r = 8, p = 1), which unlock adds once.
 */
export const encryptionSuite: BenchSuite = {
  name: 'encryption',
  async run(notes, { seed, tmpDir, log }) {
    const data = generateCorpus({ notes, seed });
    const dataKey = (await createProtection('bench passphrase', { kdf: { ...DEFAULT_KDF, log2N: 10 } }))
      .dataKey;
    const variants: Variant[] = [
      { name: 'plain', dir: path.join(tmpDir, 'plain'), sealer: () => plainSealer },
      {
        name: 'protected',
        dir: path.join(tmpDir, 'protected'),
        sealer: () => keySealer(Buffer.from(dataKey), { requireSealed: true }),
      },
    ];
    const results = new Map<string, Measured>();
    for (const v of variants) {
      await mkdir(v.dir, { recursive: true });
      await writeStoreDurably(path.join(v.dir, STORE_FILE), data, undefined, v.sealer());
      results.set(v.name, {
        openMs: [],
        openStall: 0,
        saves: [],
        saveStall: 0,
        compactMs: 0,
        compactStall: 0,
        mb: 0,
      });
    }
    // Alternating rounds, so both see the same machine load: each opens and saves, the first also compacts.
    for (let round_ = 0; round_ < OPENS; round_++)
      for (const v of variants) await measure(v, results.get(v.name)!, round_ === 0);

    // Key derivation at the shipped cost.
    const kdfFile = await createProtection('bench passphrase', { kdf: DEFAULT_KDF, withRecoveryKey: false });
    const k0 = performance.now();
    await unlockDataKey(kdfFile.file, { passphrase: 'bench passphrase' });
    const kdfMs = performance.now() - k0;

    // Turning protection on over a 200 MB attachment: streamed, so memory stays flat.
    const big = await convertBigAttachment(tmpDir, dataKey);
    log(`sealing a 200 MB attachment: ${round(big.ms, 0)} ms, RSS grew ${round(big.rssMb, 1)} MB`);

    const rows: BenchRow[] = [];
    const row = (metric: string, value: number, unit: string) =>
      rows.push({ suite: 'encryption', notes, metric, value: round(value, 2), unit });
    const plain = results.get('plain')!;
    const sealed = results.get('protected')!;
    for (const [name, m] of results) {
      const open = percentile(m.openMs, 50);
      log(
        `${name.padEnd(9)} open ${round(open, 0)} ms (median of ${OPENS}), save p50 ${round(percentile(m.saves, 50), 1)} / p95 ${round(percentile(m.saves, 95), 1)} ms, max stall saves ${round(m.saveStall, 1)} ms, open ${round(m.openStall, 1)} ms, compaction ${round(m.compactMs, 0)} ms (stall ${round(m.compactStall, 1)} ms), ${round(m.mb, 1)} MB`,
      );
      row(`${name}_open_ms`, open, 'ms');
      row(`${name}_open_max_stall_ms`, m.openStall, 'ms');
      row(`${name}_save_p50_ms`, percentile(m.saves, 50), 'ms');
      row(`${name}_save_p95_ms`, percentile(m.saves, 95), 'ms');
      row(`${name}_save_max_stall_ms`, m.saveStall, 'ms');
      row(`${name}_compaction_ms`, m.compactMs, 'ms');
      row(`${name}_compaction_max_stall_ms`, m.compactStall, 'ms');
      row(`${name}_store_mb`, m.mb, 'MB');
    }
    const openRatio = percentile(sealed.openMs, 50) / percentile(plain.openMs, 50);
    const saveRatio = percentile(sealed.saves, 95) / percentile(plain.saves, 95);
    log(
      `protected/plain: open ${round(openRatio, 2)}×, save p95 ${round(saveRatio, 2)}× (target ≤ 1.3×); key derivation (scrypt N=2^${DEFAULT_KDF.log2N}, r=${DEFAULT_KDF.r}, p=${DEFAULT_KDF.p}) ${round(kdfMs, 0)} ms`,
    );
    row('open_ratio', openRatio, 'x');
    row('save_p95_ratio', saveRatio, 'x');
    row('kdf_ms', kdfMs, 'ms');
    row('convert_200mb_ms', big.ms, 'ms');
    row('convert_200mb_rss_growth_mb', big.rssMb, 'MB');
    return rows;
  },
};
