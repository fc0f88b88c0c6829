import { useSyncExternalStore } from 'react';

/** A small observable value kept in web storage: UI preferences that outlive the window (theme, pane sizes). */
export type StoredValue<T> = {
  get: () => T;
  set: (next: T | ((prev: T) => T)) => void;
  subscribe: (listener: () => void) => () => void;
};

/**
 * Creates a value read once from storage (localStorage unless told) (through `parse`, which rejects anything malformed by
 * returning undefined) and written back on each change. Storage errors (quota, private mode) only cost
 * persistence, never the change itself.
 */
export function storedValue<T>(
  key: string,
  fallback: T,
  parse: (raw: unknown) => T | undefined,
  storage: () => Storage = () => localStorage,
): StoredValue<T> {
  let value = fallback;
  try {
    const raw = storage().getItem(key);
    if (raw !== null) value = parse(JSON.parse(raw)) ?? fallback;
  } catch {
    value = fallback;
  }
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      const v = typeof next === 'function' ? (next as (prev: T) => T)(value) : next;
      if (Object.is(v, value)) return;
      value = v;
      try {
        storage().setItem(key, JSON.stringify(v));
      } catch {
        // not persisted; the window still uses the new value
      }
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** React binding for a StoredValue. */
export function useStoredValue<T>(store: StoredValue<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}
