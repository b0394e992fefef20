// Before any strategy runs: can the read models be used at all? After Redis is
// flushed or restarted empty the projector rebuilds them from the log; until
// it has caught up (or while Redis is unreachable) every query is answered
// from Postgres and says why. Service returns to Redis by itself.
import type { ReadModelState } from '@/server/contracts/api';
import type { ReadContext } from '@/server/queries/read-context';

export async function readModelState(context: () => Promise<ReadContext>): Promise<ReadModelState> {
  try {
    const { redis, keys } = await context();
    const [checkpoint, rebuildingUntil] = await redis.mget(keys.checkpoint, keys.rebuildingUntil);
    return checkpoint === null || rebuildingUntil !== null ? 'rebuilding' : 'ready';
  } catch {
    return 'unavailable';
  }
}
