import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type MutableRefObject,
  type ReactNode,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ProtectionStatus } from '../../../../electron/contract/index';
import { ApiError, type DossierClient } from '../../api/client';
import { ClientProvider, useClient } from '../../api/client-context';
import { clearPdfPreviews } from '../attachments/pdf-thumbnail';
import { ACTIVITY_EVENTS, idleTracker } from './idle';
import { isLockChord } from './lock-chord';
import { UnlockScreen } from './UnlockScreen';

/** How often the window asks whether the host locked (its own idle timer, another tab, the CLI) or unlocked. */
export const PROTECTION_POLL_MS = 5_000;
/** How often the idle check runs; the lock comes at most this late after the chosen minutes. */
const IDLE_CHECK_MS = 5_000;
/** At most this often, input in the window is reported to the host as use (see the auto-lock effect). */
const PRESENCE_PING_MS = 30_000;

export type Protection = {
  status: ProtectionStatus | null;
  setStatus: (s: ProtectionStatus) => void;
  /** Saves pending edits, then locks: the lock never drops typed text. */
  lockNow: () => Promise<void>;
  /** The open editor's flush (App points it at the editor); run before any lock. */
  flushRef: MutableRefObject<() => Promise<void>>;
  /**
   * A save refused with NOTEBOOK_LOCKED (the host locked on its own between a keystroke and its autosave):
   * the save is kept, keyed by note, and sent right after the unlock, so the typing is not lost.
   */
  holdEdit: (key: string, save: () => Promise<unknown>) => void;
};

const ProtectionContext = createContext<Protection | null>(null);

/** Outside the gate (a component rendered on its own): not protected, nothing to lock. */
const STANDALONE: Protection = {
  status: null,
  setStatus: () => undefined,
  lockNow: async () => undefined,
  flushRef: { current: async () => undefined },
  holdEdit: () => undefined,
};

/** The notebook's protection state and actions. */
export function useProtection(): Protection {
  return useContext(ProtectionContext) ?? STANDALONE;
}

type Phase = 'checking' | 'open' | 'locked';

/**
 * Shows the app only while the notebook is open. When it is locked (at start, by Lock now, after idle, or
 * when any call answers NOTEBOOK_LOCKED: the host's own idle lock, a restarted core worker, another tab)
 * the children are unmounted, so the editor, dialogs, toasts and previews go, the query cache is cleared and
 * cached PDF thumbnails are dropped: no note data is rendered or kept while locked. Only the unlock screen
 * shows.
 */
export function ProtectionGate({ children }: { children: ReactNode }) {
  const client = useClient();
  const qc = useQueryClient();
  const [phase, setPhase] = useState<Phase>('checking');
  const [status, setStatusState] = useState<ProtectionStatus | null>(null);
  const [heldProblem, setHeldProblem] = useState<string | null>(null);
  const flushRef = useRef<() => Promise<void>>(async () => undefined);
  const held = useRef(new Map<string, () => Promise<unknown>>());
  const phaseRef = useRef<Phase>('checking');
  useEffect(() => {
    phaseRef.current = phase;
  }, [phase]);

  /** bumped by every lock: a status answer asked for before it is stale and must not reopen the app */
  const lockCount = useRef(0);
  const becomeLocked = useCallback((s: ProtectionStatus | null) => {
    lockCount.current += 1;
    if (s) setStatusState(s);
    setPhase('locked');
  }, []);
  const setStatus = useCallback(
    (s: ProtectionStatus) => {
      setStatusState(s);
      if (s.locked) becomeLocked(s);
    },
    [becomeLocked],
  );

  // Every call of the app goes through this client: NOTEBOOK_LOCKED from anywhere shows the unlock screen.
  const guarded = useMemo<DossierClient>(() => {
    const call = (async (name, input) => {
      try {
        const r = await client.call(name, input);
        // The host answers store.status while locked (with locked: true) instead of refusing it.
        if (name === 'store.status' && (r as { locked?: boolean }).locked) becomeLocked(null);
        return r;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'NOTEBOOK_LOCKED') becomeLocked(null);
        throw err;
      }
    }) as DossierClient['call'];
    return { transport: client.transport, call };
  }, [client, becomeLocked]);

  // Once the app is unmounted, nothing it fetched stays in memory.
  useEffect(() => {
    if (phase !== 'locked') return;
    qc.cancelQueries().catch(() => undefined);
    qc.clear();
    clearPdfPreviews();
    flushRef.current = async () => undefined;
  }, [phase, qc]);

  const unlocked = useCallback(
    async (s: ProtectionStatus) => {
      setStatusState(s);
      const saves = [...held.current.values()];
      held.current.clear();
      const failed: string[] = [];
      for (const save of saves) {
        await save().catch((err: Error) => failed.push(err.message));
      }
      setHeldProblem(
        failed.length ? `An edit typed as the notebook locked could not be saved: ${failed.join(' ')}` : null,
      );
      setPhase('open');
    },
    [setStatusState],
  );

  const check = useCallback(async () => {
    try {
      const asked = lockCount.current;
      const s = await client.call('protection.status', {});
      if (asked !== lockCount.current) return;
      setStatusState(s);
      if (s.locked) becomeLocked(s);
      // Unlocked elsewhere (another tab, the desktop window): open here too, held edits first.
      else if (phaseRef.current === 'locked') void unlocked(s);
      else if (phaseRef.current === 'checking') setPhase('open');
    } catch {
      // Recovery mode or an unreachable host: the app shows that itself.
      if (phaseRef.current === 'checking') setPhase('open');
    }
  }, [client, becomeLocked, unlocked]);

  useEffect(() => {
    const first = setTimeout(() => void check(), 0);
    const timer = setInterval(() => void check(), PROTECTION_POLL_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [check]);

  const lockNow = useCallback(async () => {
    // Pending typing is saved first; a save that still fails is held by the editor (holdEdit) on unmount.
    await flushRef.current().catch(() => undefined);
    const s = await client.call('protection.lock', {});
    becomeLocked(s);
  }, [client, becomeLocked]);

  const holdEdit = useCallback((key: string, save: () => Promise<unknown>) => {
    held.current.set(key, save);
  }, []);

  // Auto-lock after the chosen idle time (keyboard, mouse, touch, focus count as use).
  const minutes = status?.protected && !status.locked ? status.autoLockMinutes : null;
  useEffect(() => {
    if (phase !== 'open' || minutes === null) return;
    const idle = idleTracker(minutes);
    // The host counts only calls made by the user as use (its polls are passive): while someone reads,
    // scrolls or moves the mouse without a call, protection.touch now and then tells the host the window is
    // in use, so the host's own auto-lock does not lock under a reader's eyes. Through the guarded client: a
    // host that locked already answers NOTEBOOK_LOCKED, and the unlock screen shows at once.
    let activeSince = false;
    let lastPing = Date.now();
    const touch = () => {
      idle.touch();
      activeSince = true;
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, touch, { capture: true, passive: true });
    const timer = setInterval(() => {
      if (activeSince && Date.now() - lastPing >= PRESENCE_PING_MS) {
        activeSince = false;
        lastPing = Date.now();
        void guarded.call('protection.touch', {}).catch(() => undefined);
      }
      if (idle.due()) {
        idle.touch();
        void lockNow().catch(() => undefined);
      }
    }, IDLE_CHECK_MS);
    return () => {
      clearInterval(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, touch, { capture: true });
    };
  }, [phase, minutes, lockNow, guarded]);

  // Ctrl/Cmd+Shift+L locks from anywhere (capture phase: the editor does not get it first).
  useEffect(() => {
    if (phase !== 'open' || !status?.protected) return;
    const onKey = (e: KeyboardEvent) => {
      if (isLockChord(e)) {
        e.preventDefault();
        e.stopPropagation();
        void lockNow().catch(() => undefined);
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [phase, status?.protected, lockNow]);

  const value = useMemo<Protection>(
    () => ({ status, setStatus, lockNow, flushRef, holdEdit }),
    [status, setStatus, lockNow, holdEdit],
  );

  if (phase === 'checking') return <div className="unlock-screen" aria-busy="true" />;
  if (phase === 'locked') return <UnlockScreen onUnlocked={(s) => void unlocked(s)} />;
  return (
    <ProtectionContext.Provider value={value}>
      <ClientProvider client={guarded}>
        {heldProblem && (
          <div className="banner error held-edit-banner" role="alert">
            {heldProblem}{' '}
            <button type="button" className="link-button" onClick={() => setHeldProblem(null)}>
              Dismiss
            </button>
          </div>
        )}
        {children}
      </ClientProvider>
    </ProtectionContext.Provider>
  );
}
