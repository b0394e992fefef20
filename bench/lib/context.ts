// What every scenario gets: the running stack, the bench's own connections,
// signed-in customers spread over the web instances, and figures that later
// scenarios reuse (scenario 1 runs at half of scenario 2's maximum rate).
import type { Redis } from 'ioredis';
import type { DbHandle } from '@/db/client';
import type { TestStack } from '@/server/dev/test-stack';
import type { HttpClient } from './http';

export interface Customer {
  id: string;
  email: string;
  /** One client per web instance, all carrying this customer's session cookie. */
  clients: HttpClient[];
}

export interface BenchContext {
  quick: boolean;
  stack: TestStack;
  /** The bench's own pool on the stack's Postgres (setup, baselines, inspection). */
  db: DbHandle;
  /** The bench's own Redis connection (not for subscribing). */
  redis: Redis;
  customers: Customer[];
  bookIds: string[];
  log: (message: string) => void;
  /** Results later scenarios build on. */
  shared: {
    /** Place-order commands/s at the best concurrency (scenario 2). */
    maxCommandRate?: number;
    bestConcurrency?: number;
  };
  /** Cleanups to run even when the run is interrupted (child processes, sockets). */
  onCleanup(fn: () => void | Promise<void>): void;
}

export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
