/** Browser events that count as the user being present (keyboard, mouse, touch, focus). */
export const ACTIVITY_EVENTS = [
  'keydown',
  'pointerdown',
  'pointermove',
  'wheel',
  'touchstart',
  'focusin',
] as const;

export type IdleClock = { now: () => number };

/**
 * Tracks the time of the last input and says when `minutes` have passed without any. Pure: the caller
 * feeds it activity and asks `due()` from a timer, so tests drive it with their own clock.
 */
export function idleTracker(minutes: number | null, clock: IdleClock = Date) {
  let last = clock.now();
  return {
    touch(): void {
      last = clock.now();
    },
    /** Milliseconds until the lock is due (0: due now); null when auto-lock is off. */
    remaining(): number | null {
      if (minutes === null) return null;
      return Math.max(0, last + minutes * 60_000 - clock.now());
    },
    due(): boolean {
      return minutes !== null && clock.now() - last >= minutes * 60_000;
    },
  };
}

/** The choices the settings offer; a value set elsewhere (the CLI allows 1..1440) is shown as well. */
export const AUTO_LOCK_CHOICES: (number | null)[] = [null, 5, 15, 30, 60];

export function autoLockLabel(minutes: number | null): string {
  if (minutes === null) return 'Off';
  if (minutes % 60 === 0) return minutes === 60 ? 'After 1 hour idle' : `After ${minutes / 60} hours idle`;
  return `After ${minutes} minute${minutes === 1 ? '' : 's'} idle`;
}
