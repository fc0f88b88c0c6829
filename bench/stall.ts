import { stallMeter } from '../electron/shell/stall-meter.js';

/** Longest event-loop stall while `run` runs (see stallMeter). */
export async function withStall<T>(run: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  const meter = stallMeter();
  try {
    const value = await run();
    return { value, stallMs: meter.take() };
  } finally {
    meter.stop();
  }
}
