/** Lets pending I/O and timers run before continuing a long piece of work. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * For a long loop that has awaits of its own: `await pause()` on each turn yields to the event loop once
 * the loop has held it for about `budgetMs`, and costs only a clock read otherwise.
 */
export function timeSlicer(budgetMs = 8): () => Promise<void> | undefined {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart <= budgetMs) return undefined;
    return yieldToLoop().then(() => {
      sliceStart = performance.now();
    });
  };
}

/**
 * Runs a synchronous step over many items in time slices, yielding to the event loop between slices.
 * For thousands of small file operations this is several times faster than one async call each (no
 * thread-pool round trip per file) while never holding the loop for longer than about `budgetMs`.
 */
export async function inSlices<T>(
  items: readonly T[],
  step: (item: T, index: number) => void,
  budgetMs = 8,
): Promise<void> {
  const pause = timeSlicer(budgetMs);
  for (let i = 0; i < items.length; i++) {
    step(items[i]!, i);
    const wait = pause();
    if (wait) await wait;
  }
}
