'use client';

// Where the strategies meet a view: every data view reads through this hook.
// It asks the server for the chosen read consistency, polls while behind the
// token (version polling), lays pending optimistic changes over the data, and
// says how fresh the result is.

import { useQuery, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ProjectionStamp, ProjectionStatus } from '@/server/contracts/api';
import { apiGet } from '@/app/lib/api-fetch';
import { confirmationNeeded, pendingFor, useOverlays, type Change } from './optimistic-updates';
import { readYourWritesParams } from './read-your-writes';
import { useStrategySettings } from './settings';
import { readModelReached, screenReached, useTimeline } from './sync-timeline';
import { pollingInterval, pollingState, type PollingState } from './version-polling';
import { waitForProjectionParams } from './wait-for-projection';

export interface Freshness {
  projection?: ProjectionStamp;
  /** Optimistic changes this data does not include yet. */
  pending: Change[];
  polling: PollingState;
  /** How far the read model is behind the log head, from /api/projection. */
  behind?: { events: number; ms: number };
}

export function useReadParams(): Record<string, string> {
  const settings = useStrategySettings();
  const { token } = useTimeline();
  if (settings.readYourWrites) return readYourWritesParams();
  if (settings.waitForProjection && token > 0) return waitForProjectionParams(token);
  return {};
}

const noSubscription = () => () => {};

/**
 * False during server rendering and hydration. The strategy choice lives in
 * localStorage, which the server cannot see: no query may run before the
 * browser's own settings are known, or it would be read with the wrong strategy.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}

export function withParams(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const s = search.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export function useProjectionStatus() {
  return useQuery({ queryKey: ['projection'], queryFn: () => apiGet<ProjectionStatus>('/api/projection'), refetchInterval: 1000 });
}

export function useConsistentQuery<T extends { projection: ProjectionStamp }>(opts: {
  queryKey: QueryKey;
  path: string;
  params?: Record<string, string | undefined>;
  enabled?: boolean;
}) {
  const settings = useStrategySettings();
  const timeline = useTimeline();
  const readParams = useReadParams();
  const overlays = useOverlays();
  const status = useProjectionStatus();
  const [now, setNow] = useState(() => Date.now());
  const lastCommit = timeline.commands.find((c) => c.position === timeline.token)?.committedAt;

  const hydrated = useHydrated();
  const query = useQuery({
    // The read mode is part of the key: switching strategy refetches, and keys still share their prefix for invalidation.
    queryKey: [...opts.queryKey, { read: readParams.consistency ?? 'eventual' }],
    queryFn: () => apiGet<T>(withParams(opts.path, { ...opts.params, ...readParams })),
    enabled: hydrated && (opts.enabled ?? true),
    placeholderData: (previous) => previous,
    refetchInterval: (q) =>
      pollingInterval(
        pollingState({ enabled: settings.versionPolling, token: timeline.token, committedAt: lastCommit, servedAt: q.state.data?.projection.position }),
      ),
  });

  const served = query.data?.projection;
  const polling = pollingState({ enabled: settings.versionPolling, token: timeline.token, committedAt: lastCommit, servedAt: served?.position, now });
  // Re-render once past the give-up point so "still syncing" appears without new data.
  useEffect(() => {
    if (polling !== 'syncing') return;
    const t = setTimeout(() => setNow(Date.now()), 10_250);
    return () => clearTimeout(t);
  }, [polling, lastCommit]);

  useEffect(() => {
    if (!served) return;
    if (served.source === 'read-model') readModelReached(served.position);
    screenReached(served.position);
  }, [served]);

  const head = status.data;
  useEffect(() => {
    if (head?.readModel === 'ready') readModelReached(head.position);
  }, [head?.readModel, head?.position]);
  // Optimistic overlays wait for a view served at their position; when the read model (polled for the header) gets there, fetch that view.
  const confirmAt = settings.optimisticUpdates ? confirmationNeeded(overlays, served?.position) : undefined;
  const readModelAt = head?.position;
  const { refetch } = query;
  useEffect(() => {
    if (confirmAt !== undefined && readModelAt !== undefined && readModelAt >= confirmAt) void refetch();
  }, [confirmAt, readModelAt, refetch]);

  const behind =
    served?.source === 'read-model' && head && head.headPosition > served.position
      ? { events: head.headPosition - served.position, ms: head.lagMs }
      : undefined;
  const freshness: Freshness = {
    projection: served,
    pending: served ? pendingFor(overlays, served.position) : [],
    polling,
    behind,
  };
  return { ...query, freshness };
}
