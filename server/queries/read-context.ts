import type { Redis } from 'ioredis';
import type { ProjectionStamp } from '@/server/contracts/api';
import { ACTIVE_NAMESPACE_KEY, DEFAULT_NAMESPACE, readModelKeys, type ReadModelKeys } from '@/server/projector/keys';
import { isConnected, noteRedisFailure } from '@/server/redis';

export interface ReadContext {
  redis: Redis;
  keys: ReadModelKeys;
  /** The checkpoint, read together with the namespace and *before* any data. */
  position: number;
  /** No checkpoint yet, or a rebuild-from-empty in progress: the read models cannot be trusted. */
  rebuilding: boolean;
}

// The active namespace, its checkpoint and its rebuilding marker in one round
// trip (the key names depend on the first value). A single Redis, not a
// cluster: keys outside KEYS are fine. `or false` keeps nils in the reply.
// keys.unit.test.ts pins the key names the scripts spell out.
const OPEN_SCRIPT = `
local ns = redis.call('GET', KEYS[1]) or ARGV[1]
return {ns, redis.call('GET', ns .. ':checkpoint') or false, redis.call('GET', ns .. ':rebuilding-until') or false}`;

type ScriptedRedis = Redis & { bookstoreOpenReadModels(activeKey: string, defaultNamespace: string): Promise<[string, string | null, string | null]> };

/** Every read opens the read models: sent by SHA (EVALSHA), not as the script's text each time; ioredis loads it on first use. */
function scripted(redis: Redis): ScriptedRedis {
  if (!('bookstoreOpenReadModels' in redis)) redis.defineCommand('bookstoreOpenReadModels', { numberOfKeys: 1, lua: OPEN_SCRIPT });
  return redis as ScriptedRedis;
}

/**
 * The read models to answer from: the active namespace, resolved per call
 * because a rebuild may switch it at any moment (see server/projector/rebuild.ts).
 * Throws when Redis is unreachable.
 */
export async function readContext(redis: Redis): Promise<ReadContext> {
  if (!isConnected(redis)) throw new Error('Redis is not connected');
  const [namespace, checkpoint, rebuildingUntil] = await scripted(redis)
    .bookstoreOpenReadModels(ACTIVE_NAMESPACE_KEY, DEFAULT_NAMESPACE)
    .catch((error: unknown) => {
      noteRedisFailure(redis, error);
      throw error;
    });
  return { redis, keys: readModelKeys(namespace), position: Number(checkpoint ?? 0), rebuilding: checkpoint === null || rebuildingUntil !== null };
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
