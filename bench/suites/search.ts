import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import { COMMON_WORDS, generateCorpus, RARE_WORDS, tagVocabulary } from '../corpus.js';
import { pick, seededRandom } from '../random.js';
import { percentile, round, type BenchRow } from '../results.js';
import type { BenchSuite } from './types.js';
import { STORE_FILE } from '../../electron/store/open-store.js';
import { INDEX_CACHE_FILE } from '../../electron/core/search/index-cache.js';
import { openApp } from '../../electron/shell/open-app.js';
import { hostInWorker } from '../../electron/shell/worker-host.js';
import { linearFilter } from '../../electron/core/search/filter.js';
import { foldWords } from '../../electron/core/search/tokenize.js';
import type { Note, StoreData } from '../../electron/domain/model.js';
import { TextIndex } from '../../electron/core/search/text-index.js';
import { noteList, noteOf } from '../../electron/domain/note-access.js';

const QUERIES = 1000;
/** Saves, each followed by the list refresh and a query, for list_after_save / query_after_save. */
const EDITS = 40;
const PAGE = 50; // what the renderer asks for per page (renderer/src/api/queries.ts)

type Kind = 'word' | 'prefix' | 'phrase' | 'tag+word' | 'negation' | 'date' | 'rare';

/** A fixed, seeded mix of what people type: words, words being typed, phrases, tags with words, negation, dates. */
function queryMix(seed: number, data: StoreData): { kind: Kind; text: string }[] {
  const rand = seededRandom(seed + 1);
  const tags = tagVocabulary();
  const notes = noteList(data);
  const out: { kind: Kind; text: string }[] = [];
  while (out.length < QUERIES) {
    const r = rand();
    if (r < 0.2) out.push({ kind: 'word', text: pick(rand, COMMON_WORDS) });
    else if (r < 0.3) out.push({ kind: 'rare', text: RARE_WORDS[Math.floor(rand() * 300)]! });
    else if (r < 0.55) {
      // Every keystroke of a word as typed after another word: "radar s", "radar se", …
      const w = rand() < 0.5 ? pick(rand, COMMON_WORDS) : RARE_WORDS[Math.floor(rand() * 500)]!;
      const first = pick(rand, COMMON_WORDS);
      for (let i = 1; i <= Math.min(w.length, 5); i++)
        out.push({ kind: 'prefix', text: `${first} ${w.slice(0, i)}` });
    } else if (r < 0.65) {
      // A phrase that exists: two consecutive words of some note.
      const words = foldWords(pick(rand, notes).body);
      const at = Math.floor(rand() * (words.length - 1));
      out.push({ kind: 'phrase', text: `"${words[at]} ${words[at + 1]}"` });
    } else if (r < 0.8)
      out.push({
        kind: 'tag+word',
        text: `tag:${pick(rand, tags).split('/').slice(0, 2).join('/')} ${pick(rand, COMMON_WORDS)}`,
      });
    else if (r < 0.9)
      out.push({
        kind: 'negation',
        text: `${pick(rand, COMMON_WORDS)} -${pick(rand, COMMON_WORDS)} -tag:${pick(rand, tags).split('/')[0]}`,
      });
    else {
      const y = 2022 + Math.floor(rand() * 4);
      out.push({
        kind: 'date',
        text: `${pick(rand, COMMON_WORDS)} created:>=${y}-01-01 created:<${y + 1}-01-01`,
      });
    }
  }
  return out.slice(0, QUERIES);
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** MiniSearch vs FlexSearch on the same notes and words: build time and query p95 (the measurement behind the choice). */
async function compareEngines(data: StoreData, words: string[]): Promise<Record<string, number>> {
  const notes = noteList(data);
  const text = (n: Note) => `${n.title}\n${n.body}`;
  const tokenize = (s: string) => [...new Set(foldWords(s))];
  const mini = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    tokenize,
    processTerm: (t) => t,
  });
  const miniBuild = time(() => mini.addAll(notes.map((n) => ({ id: n.id, text: text(n) }))));
  const miniTimes = words.map((w) => time(() => mini.search(w, { prefix: true })));
  const flex = new FlexSearch.Index({ tokenize: 'forward', encode: tokenize } as never) as unknown as {
    add(id: string, t: string): void;
    search(q: string, o: { limit: number }): string[];
  };
  const flexBuild = time(() => notes.forEach((n) => flex.add(n.id, text(n))));
  const flexTimes = words.map((w) => time(() => flex.search(w, { limit: 1_000_000 })));
  const ours = new TextIndex();
  const b0 = performance.now();
  await ours.build(() => data);
  const oursBuild = performance.now() - b0;
  const oursTimes = words.map((w) => time(() => ours.prefixSet(w)));
  return {
    engine_dossier_build_ms: oursBuild,
    engine_dossier_query_p95_ms: percentile(oursTimes, 95),
    engine_minisearch_build_ms: miniBuild,
    engine_minisearch_query_p95_ms: percentile(miniTimes, 95),
    engine_flexsearch_build_ms: flexBuild,
    engine_flexsearch_query_p95_ms: percentile(flexTimes, 95),
  };
}

declare const gc: (() => void) | undefined;

/**
 * RSS of a fresh process that opens the store (with its index cache) and answers queries: the bench
 * process itself has built and dropped indexes before, so its own RSS would overstate a real session.
 * Runs this same bundle with DOSSIER_BENCH_CHILD set (see bench/run.ts).
 */
function rssInFreshProcess(dir: string): Promise<{ peakMb: number; steadyMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', process.argv[1]!], {
      env: { ...process.env, DOSSIER_BENCH_CHILD: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as { peakMb: number; steadyMb: number })
        : reject(new Error(`rss child exited ${code}`)),
    );
  });
}

/**
 * The kernel's high-water mark of this process's RSS (Linux), or 0. A sampler on the event loop misses
 * whatever one synchronous step allocates and frees between two ticks; the kernel does not.
 */
function peakRss(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The child side of rssInFreshProcess: the app as it ships, the core in its worker thread. */
export async function rssChild(dir: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const hosted = await hostInWorker({ dataDir: dir, mode: 'browser', owner: 'bench' });
  const list = (text: string) =>
    hosted.api['notes.list']({ filter: { text }, sort: 'relevance', limit: PAGE, facets: true });
  // The index loads in the background and searches scan until then; a scan at 10k+ notes takes far
  // longer than an indexed answer, so wait until answers come from the index.
  const opened = performance.now();
  for (let t0 = opened; ; t0 = performance.now()) {
    await list('radar');
    if (performance.now() - t0 < INDEXED_ANSWER_MS || t0 - opened > 60_000) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const text of RSS_QUERIES) for (let i = 0; i < 20; i++) await list(text);
  // Steady state: V8 hands freed pages back to the system a moment after a collection, not during it, so
  // a reading right after open counts what the open's transient copies left behind. Both isolates settle.
  let heap = await hosted.workerHeap(true);
  for (let i = 0; i < SETTLE_ROUNDS; i++) {
    collect();
    heap = await hosted.workerHeap(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const usage = process.memoryUsage();
  const steady = usage.rss;
  clearInterval(sampler);
  peak = Math.max(peak, peakRss());
  await hosted.close();
  const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
  // Where the memory is (DOSSIER_BENCH_MEMORY=1): each isolate's heap, buffers outside it (arenas, index).
  if (process.env.DOSSIER_BENCH_MEMORY)
    process.stderr.write(
      `rss ${mb(steady)} MB: core worker heap ${mb(heap.heapUsed)} used of ${mb(heap.heapTotal)}, ` +
        `its array buffers ${mb(heap.arrayBuffers)}; shell heap ${mb(usage.heapUsed)} of ${mb(usage.heapTotal)}\n`,
    );
  process.stdout.write(
    JSON.stringify({ peakMb: Math.max(peak, steady) / 1048576, steadyMb: steady / 1048576 }),
  );
}
const RSS_QUERIES = [
  'radar',
  'radar s',
  'tag:partner kalman',
  '"signal processing"',
  'calibration -doppler created:>=2024-01-01',
];
const INDEXED_ANSWER_MS = 50;
const collect = () => (typeof gc === 'function' ? gc() : undefined);
const SETTLE_ROUNDS = 4;

/** Opens the app on the data dir and waits until search is ready; returns the timings. */
async function openTimed(
  dir: string,
): Promise<{ app: Awaited<ReturnType<typeof openApp>>; openMs: number; readyMs: number }> {
  const t0 = performance.now();
  const app = await openApp(dir, 'browser');
  const openMs = performance.now() - t0;
  const t1 = performance.now();
  await app.core.startIndexing(); // started by openApp; resolves when ready
  return { app, openMs, readyMs: performance.now() - t1 };
}

/**
 * Cold open + index (built from scratch, then from the cache written at close), query latency through
 * the same core call the UI makes, peak RSS of a normal session, and the engine comparison.
 */
export const searchSuite: BenchSuite = {
  name: 'search',
  async run(notes, { seed, tmpDir, log }) {
    const file = path.join(tmpDir, STORE_FILE);
    await writeFile(file, JSON.stringify(generateCorpus({ notes, seed })));
    const storeMb = (await stat(file)).size / 1024 / 1024;

    // First open ever: no index cache, the index is built. Closing writes the cache.
    const first = await openTimed(tmpDir);
    const c0 = performance.now();
    await first.app.close();
    const closeMs = performance.now() - c0;
    const cacheMb = (await stat(path.join(tmpDir, INDEX_CACHE_FILE))).size / 1024 / 1024;
    collect();

    // A normal open: the store plus the cached index.
    const { app, openMs, readyMs } = await openTimed(tmpDir);
    const mix = queryMix(seed, app.core.store.get());
    // Warm-up: the first query per sort builds its cached order, JIT settles.
    for (const q of mix.slice(0, 50)) app.core.listNotes({ text: q.text }, 'relevance', 0, PAGE);
    const byKind = new Map<Kind | 'all', number[]>();
    for (const q of mix) {
      const ms = time(() => app.core.listNotes({ text: q.text }, 'relevance', 0, PAGE));
      for (const k of [q.kind, 'all'] as const) {
        const list = byKind.get(k) ?? [];
        list.push(ms);
        byKind.set(k, list);
      }
    }
    // Facets on the first page, as the UI asks for them.
    const facetTimes = mix
      .slice(0, 200)
      .map((q) => time(() => app.core.listNotes({ text: q.text }, 'relevance', 0, PAGE, true)));
    // The first version's plain linear filter() over the same single words.
    const data = app.core.store.get();
    const linear = mix
      .filter((q) => q.kind === 'word')
      .slice(0, 100)
      .map((q) => time(() => linearFilter(data, { text: q.text })));
    const engines =
      notes <= 10_000
        ? await compareEngines(
            data,
            mix
              .filter((q) => q.kind === 'word' || q.kind === 'prefix')
              .slice(0, 200)
              .map((q) => q.text.split(' ').at(-1)!),
          )
        : {};
    // The list as it refreshes after each save while someone writes: every save makes a new notes map.
    const afterEdit: number[] = [];
    const afterEditText: number[] = [];
    for (const [i, id] of [...data.notes.keys()].slice(0, EDITS).entries()) {
      await app.core.updateNote({ id, body: `${noteOf(data, id)!.body}\nEdited in the bench, ${i}.` });
      afterEdit.push(time(() => app.core.listNotes({}, 'updated', 0, PAGE)));
      afterEditText.push(time(() => app.core.listNotes({ text: mix[i]!.text }, 'relevance', 0, PAGE)));
    }
    await app.close(); // releases the store lock for the fresh process
    // As the app starts: the core worker opens the store, the renderer asks for the first page of notes.
    const s0 = performance.now();
    const hosted = await hostInWorker({ dataDir: tmpDir, mode: 'browser', owner: 'bench' });
    await hosted.api['notes.list']({ filter: {}, sort: 'updated', limit: PAGE });
    const firstPageMs = performance.now() - s0;
    await hosted.close();
    const fresh = await rssInFreshProcess(tmpDir);

    const all = byKind.get('all')!;
    const metrics: Record<string, [number, string]> = {
      open_ms: [openMs, 'ms'],
      first_page_ms: [firstPageMs, 'ms'],
      index_ready_ms: [readyMs, 'ms'],
      index_build_ms: [first.readyMs, 'ms'],
      index_cache_mb: [cacheMb, 'MB'],
      close_with_cache_write_ms: [closeMs, 'ms'],
      query_p50_ms: [percentile(all, 50), 'ms'],
      query_p95_ms: [percentile(all, 95), 'ms'],
      query_p99_ms: [percentile(all, 99), 'ms'],
      prefix_p95_ms: [percentile(byKind.get('prefix') ?? [0], 95), 'ms'],
      facets_p95_ms: [percentile(facetTimes, 95), 'ms'],
      list_after_save_p95_ms: [percentile(afterEdit, 95), 'ms'],
      query_after_save_p95_ms: [percentile(afterEditText, 95), 'ms'],
      linear_scan_p95_ms: [percentile(linear, 95), 'ms'],
      linear_vs_query_p95_ratio: [percentile(linear, 95) / percentile(all, 95), 'x'],
      rss_mb: [fresh.steadyMb, 'MB'],
      rss_peak_open_mb: [fresh.peakMb, 'MB'],
      store_mb: [storeMb, 'MB'],
      rss_vs_store_ratio: [fresh.steadyMb / storeMb, 'x'],
      rss_peak_vs_store_ratio: [fresh.peakMb / storeMb, 'x'],
    };
    for (const kind of ['word', 'rare', 'phrase', 'tag+word', 'negation', 'date'] as const) {
      metrics[`query_${kind.replace('+', '_')}_p95_ms`] = [percentile(byKind.get(kind) ?? [0], 95), 'ms'];
    }
    for (const [k, v] of Object.entries(engines)) metrics[k] = [v, 'ms'];
    log(
      `open ${round(openMs, 0)} ms, first page (worker) ${round(firstPageMs, 0)} ms, index ready ${round(readyMs, 0)} ms (cache) / ${round(first.readyMs, 0)} ms (build), query p50/p95/p99 ${round(percentile(all, 50), 2)}/${round(percentile(all, 95), 2)}/${round(percentile(all, 99), 2)} ms, ` +
        `prefix p95 ${round(metrics.prefix_p95_ms![0], 2)} ms, list/query after a save p95 ${round(metrics.list_after_save_p95_ms![0], 1)}/${round(metrics.query_after_save_p95_ms![0], 1)} ms, linear p95 ${round(metrics.linear_scan_p95_ms![0], 1)} ms, rss ${round(fresh.steadyMb, 0)} MB (peak ${round(fresh.peakMb, 0)}) / store ${round(storeMb, 1)} MB`,
    );
    return Object.entries(metrics).map(([metric, [value, unit]]): BenchRow => ({
      suite: 'search',
      notes,
      metric,
      value: round(value, 3),
      unit,
    }));
  },
};
