// Process-wide handles for code running inside the web server (route handlers,
// server actions, socket.io). The worker and tests build their own.
import { sharedDb, type DbHandle } from '@/db/client';
import { commandRefused } from './auth/rate-limits';
import type { CommandDeps } from './commands/define-command';
import { env } from './env';
import { demoModeOn } from './lab/demo-mode';
import { sharedRedis } from './redis';
import type { Redis } from 'ioredis';

export function db(): DbHandle {
  return sharedDb(env().DATABASE_URL);
}

export function redis(): Redis {
  return sharedRedis(env().REDIS_URL);
}

/** What the web server's bindings (command API, server actions) run commands with. */
export function commandDeps(): CommandDeps {
  return { db: db(), demoMode: demoModeOn(), rateLimit: (user) => commandRefused(user.id) };
}
