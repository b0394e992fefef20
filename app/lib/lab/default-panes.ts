import type { StrategySettings } from '@/app/lib/consistency/settings';

/** The Lab's panes when the URL names none: no strategy, then each one alone. */
export const DEFAULT_PANES: readonly Partial<StrategySettings>[] = [
  {},
  { readYourWrites: true },
  { waitForProjection: true },
  { versionPolling: true },
  { optimisticUpdates: true },
  { liveNotifications: true },
  { staleWhileRevalidate: true },
];
