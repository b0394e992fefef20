// Which strategies are on. Any combination is allowed; the choice persists per
// browser (localStorage). Default: optimistic updates + live notifications,
// the usual production pairing.
import { createStore, useStore } from './external-store';

export interface StrategySettings {
  readYourWrites: boolean;
  waitForProjection: boolean;
  versionPolling: boolean;
  optimisticUpdates: boolean;
  liveNotifications: boolean;
}

export const DEFAULT_SETTINGS: StrategySettings = {
  readYourWrites: false,
  waitForProjection: false,
  versionPolling: false,
  optimisticUpdates: true,
  liveNotifications: true,
};

export const STRATEGIES: { key: keyof StrategySettings; label: string; guarantees: string; costs: string }[] = [
  {
    key: 'readYourWrites',
    label: 'Read-your-writes',
    guarantees: 'You see your own changes at once and never an older view after a newer one.',
    costs: 'Reads behind your last write go to Postgres (the write side) instead of Redis.',
  },
  {
    key: 'waitForProjection',
    label: 'Wait for projection',
    guarantees: 'The server holds each read until the read model has your last write.',
    costs: 'Every read after a write waits out the lag (up to 3 s, then says "stale").',
  },
  {
    key: 'versionPolling',
    label: 'Version polling',
    guarantees: 'After a write, views refetch every 250 ms until they include it.',
    costs: 'Extra requests while syncing; gives up (and says so) after 10 s.',
  },
  {
    key: 'optimisticUpdates',
    label: 'Optimistic updates',
    guarantees: 'Your change shows instantly, marked pending, and rolls back visibly if it fails.',
    costs: 'What you see may be wrong for a moment; the UI must reconcile without flicker.',
  },
  {
    key: 'liveNotifications',
    label: 'Live notifications',
    guarantees: "Everyone's changes arrive by push: exactly the views whose data changed refetch.",
    costs: 'A socket per tab, and still the projection lag plus one push.',
  },
];

const STORAGE_KEY = 'bookstore.strategies';

function load(): StrategySettings {
  if (typeof window === 'undefined') return DEFAULT_SETTINGS;
  try {
    return { ...DEFAULT_SETTINGS, ...(JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<StrategySettings>) };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export const settingsStore = createStore<StrategySettings>(load());

export function setStrategy(key: keyof StrategySettings, on: boolean): void {
  settingsStore.set((prev) => {
    const next = { ...prev, [key]: on };
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    return next;
  });
}

export function useStrategySettings(): StrategySettings {
  return useStore(settingsStore, DEFAULT_SETTINGS);
}
