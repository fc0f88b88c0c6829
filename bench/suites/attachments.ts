import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { COMMON_WORDS, generateCorpus } from '../corpus.js';
import { pick, seededRandom } from '../random.js';
import { percentile, round, type BenchRow } from '../results.js';
import type { BenchSuite } from './types.js';
import { makePdf, makePng } from '../fixtures/files.js';
import { STORE_FILE } from '../../electron/store/open-store.js';
import { openApp } from '../../electron/shell/open-app.js';
import { foldWords } from '../../electron/core/search/tokenize.js';
import { noteOf } from '../../electron/domain/note-access.js';

/**
 * Attachments at scale (issue 12): the same corpus with and without one attachment per ten notes (70 %
 * PNG images, 20 % PDFs of 1–30 pages, 10 % other files: CSV text and binary), all made here in code.
 * Reports dossier.json size and open time against the corpus without files, PDF text extraction
 * throughput, and query p95 for `in:files` and `file:` once the text is extracted.
 */

const OPENS = 7;

/**
 * Median and fastest of OPENS opens of each store, alternating between them so that load from other
 * processes on a shared machine falls on both alike.
 */
async function openTimes(dirs: string[]): Promise<{ median: number; min: number }[]> {
  const samples = dirs.map(() => [] as number[]);
  for (let i = 0; i < OPENS; i++) {
    for (const [k, dir] of dirs.entries()) {
      const t0 = performance.now();
      const app = await openApp(dir, 'browser', { index: false });
      samples[k]!.push(performance.now() - t0);
      await app.close();
    }
  }
  return samples.map((s) => {
    s.sort((a, b) => a - b);
    return { median: s[Math.floor(OPENS / 2)]!, min: s[0]! };
  });
}

function pdfPages(rand: () => number, pages: number): string[][] {
  return Array.from({ length: pages }, () =>
    Array.from({ length: 30 }, () => Array.from({ length: 9 }, () => pick(rand, COMMON_WORDS)).join(' ')),
  );
}

export const attachmentsSuite: BenchSuite = {
  name: 'attachments',
  async run(notes, { seed, tmpDir, log }) {
    const rand = seededRandom(seed + 12);
    const corpus = JSON.stringify(generateCorpus({ notes, seed }));
    const plain = path.join(tmpDir, 'plain');
    const withFiles = path.join(tmpDir, 'files');
    for (const d of [plain, withFiles]) {
      await mkdir(d, { recursive: true });
      await writeFile(path.join(d, STORE_FILE), corpus);
    }
    // Both stores rewritten once by Dossier itself, so the sizes compare like for like.
    for (const d of [plain, withFiles]) await (await openApp(d, 'browser', { index: false })).close();

    const count = Math.max(10, Math.round(notes / 10));
    const src = path.join(tmpDir, 'src');
    await mkdir(src);
    const app = await openApp(withFiles, 'browser', { index: false });
    const ids = [...app.core.store.get().notes.keys()];
    let pdfPageCount = 0;
    const names: string[] = [];
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      const r = rand();
      let name: string;
      let bytes: Uint8Array | string;
      if (r < 0.7) {
        name = `whiteboard ${i}.png`;
        bytes = makePng(64 + (i % 64), 48, i);
      } else if (r < 0.9) {
        const pages = 1 + Math.floor(rand() * 30);
        pdfPageCount += pages;
        name = `test report ${i}.pdf`;
        bytes = makePdf(pdfPages(rand, pages));
      } else if (r < 0.95) {
        name = `trial data ${i}.csv`;
        bytes = Array.from({ length: 200 }, (_, k) => `${k},${pick(rand, COMMON_WORDS)},${rand()}`).join(
          '\n',
        );
      } else {
        name = `capture ${i}.bin`;
        bytes = Uint8Array.from({ length: 4096 }, (_, k) => (k * 31 + i) & 0xff);
      }
      const file = path.join(src, String(i));
      await writeFile(file, bytes);
      const a = await app.core.attach(file, { name });
      names.push(name);
      const id = pick(rand, ids);
      const note = noteOf(app.core.store.get(), id)!;
      await app.core.updateNote({ id, body: `${note.body}\n\n${a.markdown}\n` });
    }
    const attachMs = performance.now() - t0;
    await app.core.fileText.idle();
    await app.close();
    log(`${count} attachments (${pdfPageCount} PDF pages) attached in ${round(attachMs / 1000, 1)} s`);

    // Extraction from scratch at open (text cache removed), with the event loop watched meanwhile.
    await rm(path.join(withFiles, 'attachments', '.text'), { recursive: true, force: true });
    const delay = monitorEventLoopDelay({ resolution: 5 });
    const x0 = performance.now();
    const reopened = await openApp(withFiles, 'browser', { index: false });
    // Watched from when open returned (reading the store itself is not extraction).
    delay.enable();
    await reopened.core.attachmentsIdle();
    const extractWallMs = performance.now() - x0;
    delay.disable();
    const stats = reopened.core.fileText.stats;
    await reopened.core.startIndexing();
    const app2 = reopened;

    // Words that occur in PDFs and in names, asked the way people type them.
    const queries: string[] = [];
    for (let i = 0; i < 200; i++) {
      const r = rand();
      if (r < 0.6) queries.push(`in:files ${pick(rand, COMMON_WORDS)}`);
      else if (r < 0.8) queries.push(`in:files "${pick(rand, COMMON_WORDS)} ${pick(rand, COMMON_WORDS)}"`);
      else queries.push(`file:${foldWords(pick(rand, names))[0]!.slice(0, 4)}`);
    }
    const samples: number[] = [];
    let hits = 0;
    for (const q of queries) {
      const q0 = performance.now();
      hits += app2.core.listNotes({ text: q }, 'updated', 0, 50).total;
      samples.push(performance.now() - q0);
    }
    const recordBytes = Buffer.byteLength(JSON.stringify(app2.core.store.get().attachments));
    await app2.close();

    const [plainSize, filesSize] = [
      (await stat(path.join(plain, STORE_FILE))).size,
      (await stat(path.join(withFiles, STORE_FILE))).size,
    ];
    const [plainOpen, filesOpen] = (await openTimes([plain, withFiles])) as [
      { median: number; min: number },
      { median: number; min: number },
    ];
    const row = (metric: string, value: number, unit: string): BenchRow => ({
      suite: 'attachments',
      notes,
      metric,
      value: round(value),
      unit,
    });
    log(`hits per query: ${round(hits / queries.length, 1)}`);
    return [
      row('attachments', count, 'files'),
      row('pdf_pages', pdfPageCount, 'pages'),
      row('store_bytes_without', plainSize, 'bytes'),
      row('store_bytes_with', filesSize, 'bytes'),
      row('store_size_change', ((filesSize - plainSize) / plainSize) * 100, '%'),
      // The rest of the change is the links in the note bodies (what the user's notes say).
      row('store_bytes_records', recordBytes, 'bytes'),
      row('open_ms_without', plainOpen.median, 'ms'),
      row('open_ms_with', filesOpen.median, 'ms'),
      row('open_time_change', ((filesOpen.median - plainOpen.median) / plainOpen.median) * 100, '%'),
      row('open_ms_min_without', plainOpen.min, 'ms'),
      row('open_ms_min_with', filesOpen.min, 'ms'),
      row('open_time_change_min', ((filesOpen.min - plainOpen.min) / plainOpen.min) * 100, '%'),
      row('attach_ms_per_file', attachMs / count, 'ms'),
      row('extract_pages_per_s', stats.pages / (stats.ms / 1000), 'pages/s'),
      row('extract_wall_s', extractWallMs / 1000, 's'),
      row('extract_pages_per_s_wall', stats.pages / (extractWallMs / 1000), 'pages/s'),
      row('extract_max_loop_stall', delay.max / 1e6, 'ms'),
      row('extract_p99_loop_stall', delay.percentile(99) / 1e6, 'ms'),
      row('query_files_p50', percentile(samples, 50), 'ms'),
      row('query_files_p95', percentile(samples, 95), 'ms'),
    ];
  },
};
