import { monitorEventLoopDelay } from 'node:perf_hooks';

export type StallMeter = {
  /** the longest stall since the meter started or was last reset (`reset`, default true, starts over) */
  take: (reset?: boolean) => number;
  stop: () => void;
};

/**
 * The longest event-loop stall on this thread: Node's loop-delay histogram, and a timer ticking every 5 ms
 * that measures stalls directly as well (the larger of the two counts). The timer keeps nothing alive.
 * Used by the core worker (worker_max_stall_ms) and the bench's shell-thread and in-process meters.
 */
export function stallMeter(): StallMeter {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let maxGap = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const t = performance.now();
    maxGap = Math.max(maxGap, t - last - 5);
    last = t;
  }, 5);
  ticker.unref();
  return {
    take: (reset = true) => {
      const max = Math.max(histogram.max / 1e6 - 1, maxGap);
      if (reset) {
        histogram.reset();
        maxGap = 0;
      }
      return max;
    },
    stop: () => {
      clearInterval(ticker);
      histogram.disable();
    },
  };
}
