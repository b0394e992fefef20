'use client';

import { activeWorkerText } from '@/app/lib/format';
import { useProjectionStatus } from '@/app/lib/queries/projection-status';
import { RebuildControl } from './rebuild-control';

export function ProjectionPanel() {
  const { data } = useProjectionStatus();
  return (
    <section className="card" aria-label="Projection status">
      <h2>Projection</h2>
      {data ? (
        <dl className="facts">
          <dt>Read model at</dt>
          <dd>position {data.position}</dd>
          <dt>Event log head</dt>
          <dd>position {data.headPosition}</dd>
          <dt>Behind by</dt>
          <dd>
            {data.lagEvents} {data.lagEvents === 1 ? 'event' : 'events'} ({data.lagMs} ms)
          </dd>
          <dt>Projector</dt>
          <dd>{data.paused ? 'paused' : 'running'}</dd>
          <dt>Active worker</dt>
          <dd data-testid="active-worker">{activeWorkerText(data.activeWorker)}</dd>
          <dt>Delay</dt>
          <dd>{data.delayMs} ms</dd>
        </dl>
      ) : (
        <p className="meta">Loading…</p>
      )}
      {data?.waitingOn && (
        <p className="notice warn" role="status">
          Waiting for {data.waitingOn.heldMs} ms on a slow writer: {data.waitingOn.reason}. {data.waitingOn.writersQueued} other
          writer(s) queued.
        </p>
      )}
      {data && <RebuildControl rebuild={data.rebuild} namespace={data.namespace} />}
    </section>
  );
}
