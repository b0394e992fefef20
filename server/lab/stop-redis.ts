// The lab's "Stop Redis for N s": Redis answers no client for that long, then
// carries on by itself (CLIENT PAUSE ... ALL). Paused rather than killed: the
// same button works against any Redis the app is pointed at, needs nobody to
// start it again, and is what a stalled or failing-over Redis looks like to
// the app. Queries give up on Redis after their command timeout and answer
// from Postgres, saying so (`readModel: unavailable`); the projector waits.
import { z } from 'zod';
import type { RedisStopped } from '@/server/contracts/api';
import { connectRedis } from '@/server/redis';
import { MAX_LAB_MS } from './lab-settings';

export const stopRedisSchema = z.strictObject({
  ms: z.number({ message: 'must be a number' }).int('must be whole milliseconds').min(1, 'at least 1 ms').max(MAX_LAB_MS, `at most ${MAX_LAB_MS} ms`),
});

export async function stopRedis(url: string, ms: number): Promise<RedisStopped> {
  // A connection of its own: the shared one would be among the paused.
  const redis = connectRedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.call('client', 'pause', String(ms), 'all');
    return { ms, until: new Date(Date.now() + ms).toISOString() };
  } finally {
    redis.disconnect(); // QUIT would wait out the pause
  }
}
