import { Redis, type RedisOptions } from 'ioredis';
import { log } from '@/server/log';
import { defineScripts } from '@/server/redis-scripts';

export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
    // While Redis is down, try again often: it usually comes back within seconds and every retry is cheap.
    retryStrategy: (attempt) => Math.min(attempt * 50, 500),
    ...options,
  });
  defineScripts(redis); // before the connection carries anything: see redis-scripts.ts
  reportOutages(redis);
  return redis;
}

/**
 * One log line when a connection loses Redis and one when it has it again.
 * Without an error listener ioredis prints every failed reconnect attempt
 * ("[ioredis] Unhandled error event"), 2-20 a second while Redis is down;
 * callers already see the failures as errors of their commands.
 */
function reportOutages(redis: Redis): void {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.warn('redis.unavailable', { error: error.message });
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info('redis.available');
  });
}

const globalForRedis = globalThis as unknown as { __bookstoreRedis?: Redis };

/** The process-wide read connection (queries). Subscribers need their own connection. */
export function sharedRedis(url: string): Redis {
  // A request must not hang on a Redis that stopped answering: give up and let the caller fall back to Postgres.
  globalForRedis.__bookstoreRedis ??= connectRedis(url, { commandTimeout: 1000 });
  return globalForRedis.__bookstoreRedis;
}

type Connection = Pick<Redis, 'status'>;

/** Connections that just timed out (a stalled Redis: connected, answering nobody), and until when. */
const unresponsive = new WeakMap<Connection, number>();

/** After a timeout, callers with a fallback skip Redis this long rather than each wait out the timeout again. */
const UNRESPONSIVE_FOR_MS = 1000;

/**
 * False while the connection is down, or shortly after a command on it timed
 * out. Callers with a fallback check this first rather than queue a command
 * that would wait out the reconnect attempts or the timeout.
 */
export function isConnected(redis: Connection): boolean {
  if ((unresponsive.get(redis) ?? 0) > Date.now()) return false;
  return redis.status === 'ready';
}

/** Records that a command on this connection failed; a timeout makes isConnected false for a second. */
export function noteRedisFailure(redis: Connection, error: unknown): void {
  if (error instanceof Error && /timed out/i.test(error.message)) unresponsive.set(redis, Date.now() + UNRESPONSIVE_FOR_MS);
}
