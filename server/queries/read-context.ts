import type { Redis } from 'ioredis';
import type { ProjectionStamp } from '@/server/contracts/api';
import { isConnected } from '@/server/redis';
import { activeReadModelKeys, type ReadModelKeys } from '@/server/projector/keys';

export interface ReadContext {
  redis: Redis;
  keys: ReadModelKeys;
}

/**
 * The read models to answer from: the active namespace, resolved per call
 * because a rebuild may switch it at any moment (see server/projector/rebuild.ts).
 */
export async function readContext(redis: Redis, keys?: ReadModelKeys): Promise<ReadContext> {
  if (!isConnected(redis)) throw new Error('Redis is not connected');
  return { redis, keys: keys ?? (await activeReadModelKeys(redis)) };
}

/**
 * The position a read-model answer is served at. Read it *before* the data:
 * the projector writes atomically, so the data read afterwards is at least this
 * new, and "position >= token" can never claim a write the data lacks.
 */
export async function readModelStamp({ redis, keys }: ReadContext): Promise<ProjectionStamp> {
  return { position: Number((await redis.get(keys.checkpoint)) ?? 0), source: 'read-model' };
}

export async function getJsonMany<T>(redis: Redis, keys: string[]): Promise<(T | null)[]> {
  if (keys.length === 0) return [];
  const raw = await redis.mget(keys);
  return raw.map((r) => (r === null ? null : (JSON.parse(r) as T)));
}
