'use client';

import { useProjectionStatus } from '@/app/lib/queries/projection-status';
import { LiveIndicator } from './live-indicator';

/** Always visible: how far the read model is behind the event log right now. */
export function ProjectionStrip() {
  const { data } = useProjectionStatus();
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
      {data ? (
        <>
          read model <strong>{data.position}</strong> / log <strong>{data.headPosition}</strong>
          {data.paused ? ' · paused' : data.lagEvents > 0 ? ` · ${data.lagEvents} behind` : ''}
          {data.delayMs > 0 ? ` · delay ${data.delayMs} ms` : ''}
        </>
      ) : (
        '…'
      )}
    </span>
    </>
  );
}
