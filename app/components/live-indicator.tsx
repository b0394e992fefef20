'use client';

import { useStore } from '@/app/lib/consistency/external-store';
import { useScope } from '@/app/lib/consistency/scope-provider';

const LABEL = { off: 'live off', connecting: 'connecting', live: 'live', reconnecting: 'reconnecting' } as const;

/** The state of the scope's socket (open while a strategy listens to pushes). */
export function LiveIndicator({ hideWhenOff = false }: { hideWhenOff?: boolean }) {
  const state = useStore(useScope().live);
  if (hideWhenOff && state === 'off') return null;
  return (
    <span className={`badge ${state === 'live' ? 'fresh' : state === 'off' ? '' : 'pending'}`} data-testid="live-indicator">
      {LABEL[state]}
    </span>
  );
}
