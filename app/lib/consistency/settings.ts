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

/** The enabled strategies as one stable string: part of every query key, and the cookie the server renders the first view with. */
export function strategiesKey(settings: StrategySettings): string {
  return (Object.keys(NO_STRATEGIES) as StrategyKey[]).filter((k) => settings[k]).join('+');
}

/** The page scope's choice, mirrored into a cookie so the server renders the first view with it. */
export const STRATEGIES_COOKIE = 'bookstore_strategies';

export function settingsFromCookie(value: string | undefined): StrategySettings {
  if (value === undefined) return DEFAULT_SETTINGS;
  const on = new Set(value.split('+'));
  const next = { ...NO_STRATEGIES };
  for (const key of Object.keys(NO_STRATEGIES) as StrategyKey[]) next[key] = on.has(key);
  return next;
}

export function writeSettingsCookie(settings: StrategySettings): void {
  document.cookie = `${STRATEGIES_COOKIE}=${strategiesKey(settings)}; path=/; max-age=31536000; samesite=lax`;
}
