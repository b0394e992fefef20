// Which strategies a scope runs. Any combination is allowed; compose.ts says
// what each combination means. The ordinary pages keep the choice per browser
// (localStorage); a Lab pane fixes its own.

export interface StrategySettings {
  readYourWrites: boolean;
  waitForProjection: boolean;
  versionPolling: boolean;
  optimisticUpdates: boolean;
  liveNotifications: boolean;
  staleWhileRevalidate: boolean;
}

export type StrategyKey = keyof StrategySettings;

export const NO_STRATEGIES: StrategySettings = {
  readYourWrites: false,
  waitForProjection: false,
  versionPolling: false,
  optimisticUpdates: false,
  liveNotifications: false,
  staleWhileRevalidate: false,
};

/** The usual production pairing. */
export const DEFAULT_SETTINGS: StrategySettings = { ...NO_STRATEGIES, optimisticUpdates: true, liveNotifications: true };

export const SETTINGS_STORAGE_KEY = 'bookstore.strategies';

/** Reads a stored choice; unknown or malformed entries fall back to the defaults. */
export function parseStoredSettings(raw: string | null): StrategySettings {
  if (!raw) return DEFAULT_SETTINGS;
  try {
    const stored: unknown = JSON.parse(raw);
    if (typeof stored !== 'object' || stored === null) return DEFAULT_SETTINGS;
    const next = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(NO_STRATEGIES) as StrategyKey[]) {
      const value = (stored as Record<string, unknown>)[key];
      if (typeof value === 'boolean') next[key] = value;
    }
    return next;
  } catch {
    return DEFAULT_SETTINGS;
  }
}
