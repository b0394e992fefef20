'use client';

import { useEffect } from 'react';
import { useStore, useStoreSlice } from '@/app/lib/consistency/external-store';
import { useScope } from '@/app/lib/consistency/scope-provider';
import { stripFigures } from '@/app/lib/queries/projection-figures';
import { useProjectionStatus } from '@/app/lib/queries/projection-status';
import { LiveIndicator } from './live-indicator';

/** Always visible: how far the read model is behind the event log right now, never older than what the page beside it shows or its own commits. */
export function ProjectionStrip() {
  const { data, error, dataUpdatedAt, errorUpdatedAt } = useProjectionStatus();
  // A failed poll keeps the last figures (TanStack Query keeps data on error): they are then of a past moment, and the strip says which.
  const lostSince = error && errorUpdatedAt > dataUpdatedAt ? new Date(dataUpdatedAt).toLocaleTimeString() : null;
  const scope = useScope();
  const readModelAt = useStore(scope.readModelAt);
  const token = useStoreSlice(scope.timeline, (t) => t.token);
  const logAt = useStore(scope.logAt);
  const figures = data && stripFigures(data, { readModelAt, committedAt: Math.max(token, logAt) });
  // While rebuilding or unreachable the status names the log, not read models this page reads.
  const reported = data?.readModel === 'ready' ? data.position : 0;
  useEffect(() => {
    if (reported > 0) scope.statusReports(reported);
  }, [scope, reported]);
  const degraded = data && data.readModel !== 'ready';
  return (
    <>
    {degraded && (
      <p className="notice warn banner" role="status" data-testid="read-model-banner">
        {data.readModel === 'rebuilding'
          ? 'The read models are being rebuilt from the event log. Until they catch up, every page is served from Postgres (slower, but complete).'
          : 'Redis is unreachable. Pages are served from Postgres until it is back.'}
      </p>
    )}
    <span className="status-strip" aria-live="off">
      <LiveIndicator />{' '}
      {data && figures ? (
        <>
          read model <strong data-testid="strip-read-model">{figures.position}</strong> / log <strong data-testid="strip-log">{figures.headPosition}</strong>
          {data.paused ? ' · paused' : figures.lagEvents ? ` · ${figures.lagEvents} behind` : figures.behind ? ' · behind' : ''}
          {data.delayMs > 0 ? ` · delay ${data.delayMs} ms` : ''}
          {lostSince && (
            <span className="strip-lost" data-testid="strip-status-lost">
              {' '}
              · as of {lostSince}: status unavailable
            </span>
          )}
        </>
      ) : (
        '…'
      )}
    </span>
    </>
  );
}
