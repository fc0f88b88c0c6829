import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** One measured number; every suite writes rows of this shape to bench/results.json. */
export type BenchRow = { suite: string; notes: number; metric: string; value: number; unit: string };

/** Percentile (nearest-rank) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Rounds for display/storage without losing sub-millisecond resolution. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Merges rows into results.json, replacing earlier rows of the same suite/notes/metric. */
export async function writeResults(file: string, rows: readonly BenchRow[]): Promise<void> {
  let existing: BenchRow[] = [];
  try {
    existing = JSON.parse(await readFile(file, 'utf8')) as BenchRow[];
  } catch {
    existing = [];
  }
  const key = (r: BenchRow) => `${r.suite}|${r.notes}|${r.metric}`;
  const fresh = new Set(rows.map(key));
  const merged = [...existing.filter((r) => !fresh.has(key(r))), ...rows];
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(merged, null, 2) + '\n');
}

/** Prints rows as a table grouped by suite and corpus size. */
export function printTable(rows: readonly BenchRow[]): void {
  const lines = rows.map(
    (r) =>
      `${r.suite.padEnd(11)} ${String(r.notes).padStart(6)}  ${r.metric.padEnd(26)} ${String(r.value).padStart(12)} ${r.unit}`,
  );
  process.stdout.write(
    ['suite       notes   metric                            value unit', ...lines].join('\n') + '\n',
  );
}
