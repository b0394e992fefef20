'use client';

import { useStore } from '@/app/lib/consistency/external-store';
import { useScope } from '@/app/lib/consistency/scope-provider';

const LABEL = { off: 'live off', connecting: 'connecting', live: 'live', reconnecting: 'reconnecting' } as const;

/** The state of the scope's socket (open while a strategy listens to pushes). */
export function LiveIndicator() {
  const state = useStore(useScope().live);
  return (
    <span className={`badge ${state === 'live' ? 'fresh' : state === 'off' ? '' : 'pending'}`} data-testid="live-indicator">
      {LABEL[state]}
    </span>
  );
}
