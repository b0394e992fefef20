import { Redis } from 'ioredis';

export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
}

const globalForRedis = globalThis as unknown as { __bookstoreRedis?: Redis };

/** The process-wide read connection (queries). Subscribers need their own connection. */
export function sharedRedis(url: string): Redis {
  globalForRedis.__bookstoreRedis ??= connectRedis(url);
  return globalForRedis.__bookstoreRedis;
}
