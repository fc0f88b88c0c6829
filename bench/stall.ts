import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Longest event-loop stall while `run` runs: Node's loop-delay histogram, and a timer ticking every 5 ms
 * that measures stalls directly as well (the larger of the two counts).
 */
export async function withStall<T>(run: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let maxGap = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const t = performance.now();
    maxGap = Math.max(maxGap, t - last - 5);
    last = t;
  }, 5);
  histogram.enable();
  try {
    const value = await run();
    return { value, stallMs: Math.max(histogram.max / 1e6 - 1, maxGap) };
  } finally {
    histogram.disable();
    clearInterval(ticker);
  }
}
