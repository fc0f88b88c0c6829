import type { BenchRow } from '../results.js';

/** A benchmark suite: measures one area for a corpus size and returns rows. */
export type BenchSuite = {
  name: string;
  run(
    notes: number,
    context: { seed: number; tmpDir: string; log: (line: string) => void },
  ): Promise<BenchRow[]>;
};
