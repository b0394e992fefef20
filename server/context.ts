// Process-wide handles for code running inside the web server (route handlers,
// server actions, socket.io). The worker and tests build their own.
import { sharedDb, type DbHandle } from '@/db/client';
import { env } from './env';
import { sharedRedis } from './redis';
import type { Redis } from 'ioredis';

export function db(): DbHandle {
  return sharedDb(env().DATABASE_URL);
}

export function redis(): Redis {
  return sharedRedis(env().REDIS_URL);
}
