// Where a projector stands: the checkpoint of a namespace, or the active
// namespace and its checkpoint together.
import type { Redis } from 'ioredis';
import { openActiveNamespace, type ReadModelKeys } from './keys';

export async function readCheckpoint(redis: Redis, keys: ReadModelKeys): Promise<number> {
  return Number((await redis.get(keys.checkpoint)) ?? 0);
}

/** Where the live projector stands: the active namespace and its checkpoint. */
export async function readActiveCursor(redis: Redis): Promise<{ keys: ReadModelKeys; checkpoint: number }> {
  const { keys, checkpoint } = await openActiveNamespace(redis);
  return { keys, checkpoint: checkpoint ?? 0 };
}
