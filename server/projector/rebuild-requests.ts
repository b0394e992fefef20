// The admin's "Rebuild read models" button asks; the active worker does the
// work (projection belongs to the worker, not to a web request). A request is a
// status record plus a pub/sub nudge, so a worker that starts later still sees it.
import type { Redis } from 'ioredis';
import type { DbHandle } from '@/db/client';
import type { RebuildStatus } from '@/server/contracts/api';
import { log } from '@/server/log';
import { connectRedis } from '@/server/redis';
import { REBUILD_REQUESTED_CHANNEL, REBUILD_STATUS_KEY } from './keys';
import { tryAdvisoryLock } from './leadership';
import { readRebuildStatus, rebuildLockName, rebuildReadModels, RebuildAlreadyRunning } from './rebuild';

/** False when a rebuild is already running (in a worker or `npm run rebuild`). */
export async function requestRebuild(db: DbHandle, redis: Redis): Promise<{ accepted: boolean; status: RebuildStatus | null }> {
  // The lock, not the status record, says whether one runs: a killed process leaves a stale record behind.
  const probe = await tryAdvisoryLock(db.sql, rebuildLockName(redis));
  if (!probe) return { accepted: false, status: await readRebuildStatus(redis) };
  await probe.release();
  const status: RebuildStatus = { state: 'requested', requestedAt: new Date().toISOString(), position: 0, livePosition: 0, eventsApplied: 0 };
  await redis.set(REBUILD_STATUS_KEY, JSON.stringify(status));
  await redis.publish(REBUILD_REQUESTED_CHANNEL, status.requestedAt);
  return { accepted: true, status };
}

/** Run by the active worker: rebuilds whenever one is requested. */
export function serveRebuildRequests(db: DbHandle, redisUrl: string): { stop(): Promise<void> } {
  const subscriber = connectRedis(redisUrl);
  const writer = connectRedis(redisUrl);
  let running: Promise<void> | null = null;

  const runIfRequested = () => {
    if (running) return;
    running = (async () => {
      const status = await readRebuildStatus(writer);
      if (status?.state !== 'requested') return;
      await rebuildReadModels({ db, redis: writer, requestedAt: status.requestedAt });
    })()
      .catch((error: unknown) => {
        if (!(error instanceof RebuildAlreadyRunning)) log.error('rebuild.request_failed', { error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        running = null;
      });
  };

  subscriber.on('message', runIfRequested);
  void subscriber.subscribe(REBUILD_REQUESTED_CHANNEL).then(runIfRequested, (error: unknown) => log.error('rebuild.subscribe_failed', { error: String(error) }));

  return {
    // A rebuild in progress is abandoned, not awaited (it can take minutes); the next one deletes what it left.
    async stop() {
      await Promise.allSettled([subscriber.quit(), writer.quit()]);
    },
  };
}
