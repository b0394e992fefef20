import type { Redis } from 'ioredis';
import type { ProjectionStamp } from '@/server/contracts/api';
import { openActiveNamespace, type ReadModelKeys } from '@/server/projector/keys';
import { isConnected, noteRedisFailure } from '@/server/redis';

export interface ReadContext {
  redis: Redis;
  keys: ReadModelKeys;
  /** The checkpoint, read together with the namespace and *before* any data. */
  position: number;
  /** No checkpoint yet, or a rebuild-from-empty in progress: the read models cannot be trusted. */
  rebuilding: boolean;
}

/**
 * The read models to answer from: the active namespace, resolved per call
 * because a rebuild may switch it at any moment (see server/projector/rebuild.ts).
 * Throws when Redis is unreachable.
 */
export async function readContext(redis: Redis): Promise<ReadContext> {
  if (!isConnected(redis)) throw new Error('Redis is not connected');
  const { keys, checkpoint, rebuildingUntil } = await openActiveNamespace(redis).catch((error: unknown) => {
    noteRedisFailure(redis, error);
    throw error;
  });
  return { redis, keys, position: checkpoint ?? 0, rebuilding: checkpoint === null || rebuildingUntil !== null };
}

/**
 * The position a read-model answer is served at: the checkpoint read *before*
 * the data. The projector writes atomically, so the data read afterwards is at
 * least this new, and "position >= token" can never claim a write the data lacks.
 */
export function readModelStamp(ctx: ReadContext): ProjectionStamp {
  return { position: ctx.position, source: 'read-model' };
}

export async function getJsonMany<T>(redis: Redis, keys: string[]): Promise<(T | null)[]> {
  if (keys.length === 0) return [];
  const raw = await redis.mget(keys);
  return raw.map((r) => (r === null ? null : (JSON.parse(r) as T)));
}
