/** Injectable time source so tests can control dates (trash purge, revision coalescing). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
