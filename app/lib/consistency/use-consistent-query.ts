'use client';

// Where the strategies meet a view: every data view reads through this hook.
// It describes the view's situation (token, what it holds, what the scope
// knows of the read model), lets compose.ts combine the enabled strategies,
// and runs the result: the server's read mode, polling, refetches, the
// optimistic changes the data does not include yet, and the badge's note.
import { useQuery, type QueryKey } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ProjectionStamp } from '@/server/contracts/api';
import { ApiRequestError } from '@/app/lib/api-fetch';
import { readModelKey, readModelQueryOptions, type ReadModelQuery } from '@/app/lib/queries/read-model-query';
import { composeRead } from './compose';
import { claimOf, describeFreshness } from './freshness';
import { strategiesKey } from './settings';
import { useStore, useStoreSlice } from './external-store';
import type { ConsistencyScope } from './scope';
import { useScope, useScopeSettings } from './scope-provider';
import { pendingFor, type Change } from './strategies/optimistic-updates';
import type { FreshnessNote, ReadSituation } from './strategies/strategy';
import { waitParams } from './strategies/wait-for-projection';
import { wallClock } from './view-history';

/**
 * A "not found" from a read model that is behind a position this client knows
 * of (its own command's, or one a link carried) is not an answer yet: the thing
 * may simply not be projected. Only a read model at or past it may say "not found".
 */
export function notYetProjected(error: unknown, known: number): { at: number; known: number } | null {
  if (!(error instanceof ApiRequestError) || error.code !== 'not_found' || !error.projection) return null;
  const at = error.projection.position;
  return error.projection.source === 'read-model' && at < known ? { at, known } : null;
}

/** How many held reads a view spends on something that is not in the read model yet (each waits up to 3 s). */
const NOT_YET_GIVE_UP = 20;

export interface Freshness {
  projection?: ProjectionStamp;
  /** Optimistic changes this data does not include yet. */
  pending: Change[];
  /** What the strategies have to say about this view, if anything. */
  note?: FreshnessNote;
  fetching: boolean;
  /** Asked for something newer than the read model: it is at `at`, the client knows of `known`. */
  notYet?: { at: number; known: number };
}

const noSubscription = () => () => {};

/**
 * False during server rendering and hydration. The page scope's strategy
 * choice lives in localStorage, which the server cannot see: no query may run
 * before the browser's own settings are known, or it would be read with the
 * wrong strategy.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}

/** What the view itself knows; the rest of a situation is the scope's, read fresh each time. */
interface ViewState {
  served?: ProjectionStamp;
  fetching: boolean;
  fetchingSince?: number;
  waitTimedOutFor: number;
  attemptsBehind: number;
}

function situation(scope: ConsistencyScope, queryKey: QueryKey, view: ViewState): ReadSituation {
  const { token, tokenAt } = scope.timeline.get();
  return {
    settings: scope.settings.get(),
    token,
    tokenAt,
    commandInFlight: scope.commandInFlight(queryKey),
    ...view,
    readModelAt: scope.readModelAt.get(),
    overlays: scope.optimistic.overlays.get(),
    now: performance.now(),
  };
}

export function useConsistentQuery<P, T extends { projection: ProjectionStamp }>(
  query: ReadModelQuery<P, T>,
  params: P,
  opts: { enabled?: boolean; /** A position the view knows its data exists at (e.g. from a link). */ knownPosition?: number } = {},
) {
  const scope = useScope();
  const settings = useScopeSettings();
  const token = useStoreSlice(scope.timeline, (t) => t.token);
  const overlays = useStore(scope.optimistic.overlays);
  const readModelAt = useStore(scope.readModelAt);
  const hydrated = useHydrated();
  // The view's own latest answer and the highest token it waited for in vain: the strategies decide from them.
  const [served, setServed] = useState<ProjectionStamp>();
  const [waitTimedOutFor, setWaitTimedOutFor] = useState(0);
  const [, setTick] = useState(0);
  const [fetching, setFetching] = useState(false);
  const [fetchingSince, setFetchingSince] = useState<number>();
  // Answers behind the token since it was set: [token, count].
  const [behindCount, setBehindCount] = useState<[number, number]>([0, 0]);

  // Rendering subscribes to the scope's stores above; the decision itself reads them fresh (situation()).
  const attemptsBehind = behindCount[0] === token ? behindCount[1] : 0;
  const viewState: ViewState = { served, fetching, fetchingSince, waitTimedOutFor, attemptsBehind };
  const view = useRef<ViewState>(viewState);
  useEffect(() => {
    view.current = { served, fetching, fetchingSince, waitTimedOutFor, attemptsBehind };
  }, [served, fetching, fetchingSince, waitTimedOutFor, attemptsBehind]);
  const queryKey = readModelKey(query, params, strategiesKey(settings));
  const composed = composeRead(situation(scope, queryKey, viewState));
  const knownPosition = opts.knownPosition ?? 0;
  const lastError = useRef<unknown>(null);
  const known = () => Math.max(scope.timeline.get().token, knownPosition);
  const enabled = hydrated && (opts.enabled ?? true);

  const result = useQuery({
    ...readModelQueryOptions(
      query,
      params,
      strategiesKey(settings),
      () => {
        // After a "not found" from a read model behind what this view knows of, the next read waits for that position.
        const notYet = notYetProjected(lastError.current, known());
        return notYet ? waitParams(notYet.known) : composeRead(situation(scope, queryKey, view.current)).params;
      },
      (path, key, signal, asked) => scope.read<T>(path, key, signal, asked),
    ),
    enabled,
    placeholderData: (previous) => previous,
    refetchInterval: composed.pollMs,
    // Not projected yet: ask again at once, held by the server until the read model has the position (see params above).
    retry: (failures, error) => {
      lastError.current = error;
      return notYetProjected(error, known()) ? failures < NOT_YET_GIVE_UP : failures < 1;
    },
    retryDelay: (_failures, error) => (notYetProjected(error, known()) ? 0 : 1000),
  });

  const failure = result.error ?? result.failureReason;
  const answer = result.data?.projection;
  // Each answer is counted once, when it arrives: a poll that brings back the same data keeps the same object
  // (TanStack Query's structural sharing) but is an attempt all the same, and an answer from before the token
  // was set is not one behind it.
  const answeredAt = result.dataUpdatedAt;
  const counted = useRef(0);
  useEffect(() => {
    if (!answer) return;
    lastError.current = null;
    setServed(answer);
    if (answer.stale) setWaitTimedOutFor((t) => Math.max(t, token));
    if (answeredAt !== counted.current) {
      counted.current = answeredAt;
      if (answer.position < token) setBehindCount(([t, n]) => (t === token ? [t, n + 1] : [token, 1]));
    }
    scope.rendered(answer.position);
  }, [answer, answeredAt, token, scope]);
  useEffect(() => {
    setFetching(result.isFetching);
    setFetchingSince(result.isFetching ? performance.now() : undefined);
  }, [result.isFetching]);

  const { refetch } = result;
  // A strategy's "read again" is a fetch too: a view switched off does not read.
  const refetchNow = composed.refetch && enabled;
  useEffect(() => {
    // Never cancel a read in flight (it may be a held one): a strategy's "read again" joins it instead.
    if (refetchNow) void refetch({ cancelRefetch: false });
  }, [refetchNow, refetch, served, readModelAt]);

  // A part that changes with time alone (polling's give-up) re-renders the view when it is due.
  const { recheckAt } = composed;
  useEffect(() => {
    if (recheckAt === undefined) return;
    const t = setTimeout(() => setTick((n) => n + 1), Math.max(0, recheckAt - performance.now()));
    return () => clearTimeout(t);
  }, [recheckAt]);

  const freshness: Freshness = {
    notYet: notYetProjected(failure, Math.max(token, knownPosition)) ?? undefined,
    projection: answer,
    pending: answer && settings.optimisticUpdates ? pendingFor(overlays, answer.position) : [],
    note: composed.note,
    fetching: result.isFetching,
  };

  // What the view shows now, for the anomaly checker: recorded when React commits it. The
  // value is the read's (a view may lay optimistic changes over it; the claim says so).
  const claim = claimOf(describeFreshness({ projection: answer, pending: freshness.pending.length > 0, note: composed.note, notYet: freshness.notYet }));
  const shown = result.data && answer ? query.describe(params, result.data) : undefined;
  const shownKey = shown && JSON.stringify(shown);
  useLayoutEffect(() => {
    if (!shown || !answer) return;
    scope.views.record({ at: wallClock(), ...shown, position: answer.position, source: answer.source, badge: claim });
    // shownKey stands for `shown`, which is a new object each render.
  }, [scope, shownKey, answer, claim]);
  return { ...result, freshness };
}
