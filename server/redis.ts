import { Redis, type RedisOptions } from 'ioredis';

export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
    // While Redis is down, try again often: it usually comes back within seconds and every retry is cheap.
    retryStrategy: (attempt) => Math.min(attempt * 50, 500),
    ...options,
  });
}

const globalForRedis = globalThis as unknown as { __bookstoreRedis?: Redis };

/** The process-wide read connection (queries). Subscribers need their own connection. */
export function sharedRedis(url: string): Redis {
  // A request must not hang on a Redis that stopped answering: give up and let the caller fall back to Postgres.
  globalForRedis.__bookstoreRedis ??= connectRedis(url, { commandTimeout: 1000 });
  return globalForRedis.__bookstoreRedis;
}

/**
 * False while the connection is down. Callers with a fallback check this first
 * rather than queue a command that would wait out the reconnect attempts.
 */
export function isConnected(redis: Pick<Redis, 'status'>): boolean {
  return redis.status === 'ready';
}
