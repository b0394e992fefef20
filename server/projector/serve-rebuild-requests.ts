// The active worker's side of the admin's "Rebuild read models" button
// (rebuild-requests.ts asks): on each request, one rebuild, on a thread of its
// own (rebuild-thread.ts) so the live projector beside it keeps its pace.
import { log } from '@/server/log';
import { connectRedis } from '@/server/redis';
import { REBUILD_REQUESTED_CHANNEL } from './keys';
import { readRebuildStatus, RebuildAlreadyRunning } from './rebuild';
import { rebuildOnThread, type RebuildThread } from './rebuild-thread';

/** Rebuilds whenever one is requested; `stop` abandons one in progress. */
export function serveRebuildRequests(urls: { databaseUrl: string; redisUrl: string }): { stop(): Promise<void> } {
  const subscriber = connectRedis(urls.redisUrl);
  const reader = connectRedis(urls.redisUrl);
  let busy = false;
  let stopping = false;
  let thread: RebuildThread | null = null;

  const runIfRequested = () => {
    if (busy || stopping) return;
    busy = true;
    void (async () => {
      const status = await readRebuildStatus(reader);
      if (status?.state !== 'requested') return;
      thread = rebuildOnThread({ ...urls, requestedAt: status.requestedAt });
      await thread.done;
    })()
      .catch((error: unknown) => {
        if (stopping) log.info('rebuild.abandoned', { reason: 'the worker is stopping' });
        else if (!(error instanceof RebuildAlreadyRunning)) log.error('rebuild.request_failed', { error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        busy = false;
        thread = null;
      });
  };

  subscriber.on('message', runIfRequested);
  void subscriber.subscribe(REBUILD_REQUESTED_CHANNEL).then(runIfRequested, (error: unknown) => log.error('rebuild.subscribe_failed', { error: String(error) }));

  return {
    // A rebuild in progress is abandoned, not awaited (it can take minutes); the next one deletes what it left.
    async stop() {
      stopping = true;
      await Promise.allSettled([thread?.stop(), subscriber.quit(), reader.quit()]);
    },
  };
}
