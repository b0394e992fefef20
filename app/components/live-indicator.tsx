'use client';

import { useLiveNotifications } from '@/app/lib/consistency/live-notifications';
import { useStrategySettings } from '@/app/lib/consistency/settings';

const LABEL = { off: 'live off', connecting: 'connecting', live: 'live', reconnecting: 'reconnecting' } as const;

/** Owns the socket (one per tab) and shows its state. */
export function LiveIndicator() {
  const { liveNotifications } = useStrategySettings();
  const state = useLiveNotifications(liveNotifications);
  return (
    <span className={`badge ${state === 'live' ? 'fresh' : state === 'off' ? '' : 'pending'}`} data-testid="live-indicator">
      {LABEL[state]}
    </span>
  );
}
