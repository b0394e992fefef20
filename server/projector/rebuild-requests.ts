// The admin's "Rebuild read models" button asks; the active worker does the
// work (projection belongs to the worker, not to a web request; it serves the
// requests in serve-rebuild-requests.ts). A request is a status record plus a
// pub/sub nudge, so a worker that starts later still sees it.
import type { Redis } from 'ioredis';
import type { DbHandle } from '@/db/client';
import type { RebuildStatus } from '@/server/contracts/api';
import { REBUILD_REQUESTED_CHANNEL, REBUILD_STATUS_KEY } from './keys';
import { advisoryLockHeld } from './leadership';
import { readRebuildStatus, rebuildLockName } from './rebuild';

/** False when a rebuild is already running (in a worker or `npm run rebuild`). */
export async function requestRebuild(db: DbHandle, redis: Redis): Promise<{ accepted: boolean; status: RebuildStatus | null }> {
  // The lock, not the status record, says whether one runs: a killed process leaves a stale record behind.
  // Looked at, not taken: taking it for a moment could make a rebuild starting meanwhile fail.
  if (await advisoryLockHeld(db.sql, rebuildLockName(redis))) return { accepted: false, status: await readRebuildStatus(redis) };
  const status: RebuildStatus = { state: 'requested', requestedAt: new Date().toISOString(), position: 0, livePosition: 0, eventsApplied: 0 };
  await redis.set(REBUILD_STATUS_KEY, JSON.stringify(status));
  await redis.publish(REBUILD_REQUESTED_CHANNEL, status.requestedAt);
  return { accepted: true, status };
}
