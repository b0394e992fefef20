'use client';

import type { RebuildStatus } from '@/server/contracts/api';
import { useRequestRebuild } from '@/app/lib/queries/rebuild';

function describe(rebuild: RebuildStatus): string {
  switch (rebuild.state) {
    case 'requested':
      return 'Requested; waiting for the active worker to start it.';
    case 'running':
      return `Building ${rebuild.namespace}: at position ${rebuild.position} of ${rebuild.livePosition} (${rebuild.eventsApplied} events, ${rebuild.eventsPerSecond ?? 0}/s). Pages keep reading the live read models meanwhile.`;
    case 'switched':
      return `Switched to ${rebuild.namespace} at position ${rebuild.position} after replaying ${rebuild.eventsApplied} events (${rebuild.eventsPerSecond ?? 0}/s); ${
        rebuild.replacedDeletedAt ? `${rebuild.replaces} was deleted.` : `${rebuild.replaces} is kept a few seconds for reads already under way, then deleted.`
      }`;
    case 'failed':
      return `Failed: ${rebuild.error ?? 'unknown error'}. The live read models were not touched.`;
  }
}

export function RebuildControl({ rebuild, namespace }: { rebuild: RebuildStatus | null; namespace: string }) {
  const request = useRequestRebuild();
  const busy = request.isPending || rebuild?.state === 'requested' || rebuild?.state === 'running';
  return (
    <div className="rebuild">
      <p className="meta">
        Serving from namespace <code>{namespace}</code>. A rebuild replays the whole event log into a new namespace beside it and switches
        over atomically once it has caught up: no read fails, and no page sees an older position than before.
      </p>
      <button type="button" className="secondary" onClick={() => request.mutate()} disabled={busy}>
        {busy ? 'Rebuilding…' : 'Rebuild read models'}
      </button>
      {request.error && (
        <p className="notice bad" role="alert">
          {request.error.message}
        </p>
      )}
      {rebuild && (
        <p className="meta" role="status" data-testid="rebuild-status">
          {describe(rebuild)}
        </p>
      )}
    </div>
  );
}
