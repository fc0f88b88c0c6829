import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { printTable, writeResults, type BenchRow } from './results.js';
import type { BenchSuite } from './suites/types.js';
import { suites } from './suites/index.js';
import { rssChild } from './suites/search.js';

/**
 * `npm run bench -- --sizes 1000,10000,50000 [--suite search] [--seed 42]`
 * Seeded and reproducible; prints a table and merges rows into bench/results.json.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (flag('--sizes') ?? '1000,10000,50000').split(',').map(Number);
  const seed = Number(flag('--seed') ?? 42);
  const only = flag('--suite');
  const selected: BenchSuite[] = suites.filter((s) => !only || only.split(',').includes(s.name));
  if (selected.length === 0)
    throw new Error(`No suite named ${only}; have ${suites.map((s) => s.name).join(', ')}`);
  const rows: BenchRow[] = [];
  for (const suite of selected) {
    for (const notes of sizes) {
      const tmpDir = await mkdtemp(path.join(os.tmpdir(), `dossier-bench-${suite.name}-`));
      try {
        process.stdout.write(`▶ ${suite.name} @ ${notes} notes\n`);
        rows.push(
          ...(await suite.run(notes, { seed, tmpDir, log: (l) => process.stdout.write(`  ${l}\n`) })),
        );
      } finally {
        await rm(tmpDir, { recursive: true, force: true });
      }
    }
  }
  const file = path.join(process.cwd(), 'bench', 'results.json');
  await writeResults(file, rows);
  printTable(rows);
  process.stdout.write(`wrote ${rows.length} rows to ${file}\n`);
}

const child = process.env.DOSSIER_BENCH_CHILD;
(child ? rssChild(child) : main()).catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
