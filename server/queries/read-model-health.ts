// Before any strategy runs: can the read models be used at all? After Redis is
// flushed or restarted empty the projector rebuilds them from the log; until
// it has caught up (or while Redis is unreachable) every query is answered
// from Postgres and says why. Service returns to Redis by itself.
import type { Redis } from 'ioredis';
import type { ReadModelState } from '@/server/contracts/api';
import { readContext, type ReadContext } from './read-context';

export async function openReadModels(redis: Redis): Promise<{ state: ReadModelState; ctx: ReadContext | null }> {
  try {
    const ctx = await readContext(redis);
    return { state: ctx.rebuilding ? 'rebuilding' : 'ready', ctx };
  } catch {
    return { state: 'unavailable', ctx: null };
  }
}
