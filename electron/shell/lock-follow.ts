import type { DossierApi } from '../contract/index.js';

/**
 * The Electron shell's part in locking: it holds what the core cannot see — decrypted copies of attachments
 * handed to the system's viewer — and it hears the system lock the screen or sleep. Both are plain
 * functions over the contract so they run under Node in tests.
 */

/** Locks a protected notebook (the screen locked, the machine sleeps); an unprotected one is left alone. */
export async function lockIfProtected(api: DossierApi): Promise<boolean> {
  const status = await api['protection.status']({});
  if (!status.protected || status.locked) return false;
  await api['protection.lock']({});
  return true;
}

/**
 * Calls `onLocked` each time the notebook goes from unlocked to locked, however it happened (Lock now,
 * auto-lock in the core, a restarted core worker). store.status is answered by the shell from state the
 * worker pushes, so asking every few seconds costs nothing. Returns a stop function.
 */
export function followLock(api: DossierApi, onLocked: () => Promise<void>, everyMs = 3000): () => void {
  let wasLocked = false;
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const locked = (await api['store.status']({})).locked === true;
      if (locked && !wasLocked) await onLocked();
      wasLocked = locked;
    } catch {
      // a core that is restarting answers again on the next tick
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), everyMs);
  timer.unref?.();
  void check();
  return () => clearInterval(timer);
}
