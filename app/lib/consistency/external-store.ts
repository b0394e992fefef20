// A tiny observable value for module-level client state shared across
// components (settings, tokens, optimistic overlays), read with useSyncExternalStore.
import { useSyncExternalStore } from 'react';

export interface Store<T> {
  get(): T;
  set(next: T | ((prev: T) => T)): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      value = typeof next === 'function' ? (next as (prev: T) => T)(value) : next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore<T>(store: Store<T>, serverValue: T = store.get()): T {
  return useStoreSlice(store, (value) => value, serverValue);
}

/**
 * One slice of a store (a primitive, or a value kept by reference): the view
 * re-renders when that slice changes, not on every set. A scope's timeline is
 * set several times per command (each milestone), and every data view used to
 * render again for each.
 */
export function useStoreSlice<T, S>(store: Store<T>, select: (value: T) => S, serverValue: T = store.get()): S {
  return useSyncExternalStore(store.subscribe, () => select(store.get()), () => select(serverValue));
}
