// A rebuild run by the active worker gets a thread of its own. On the worker's
// event loop, each batch's fold (tens of milliseconds of synchronous work) and
// its garbage collection queued the live projector's round trips behind it:
// while a rebuild ran, commit -> projected went from ~2 ms to a p50 of ~150 ms
// (bench/FINDINGS.md), so "rebuild while serving" served noticeably staler
// read models. On its own thread the rebuild has its own event loop and heap;
// it still shares the machine's cores, and nothing else.
//
// The thread (rebuild-thread-main.ts) opens its own connections: Postgres and
// Redis clients cannot cross threads. If the worker stops or dies, the thread
// dies with it, mid-rebuild; the next rebuild deletes what it left (rebuild.ts).
import { Worker } from 'node:worker_threads';
import type { RebuildStatus } from '@/server/contracts/api';
import { RebuildAlreadyRunning } from './rebuild';

export interface RebuildThreadInput {
  databaseUrl: string;
  redisUrl: string;
  requestedAt?: string;
  /** How long the replaced namespace stays readable after the switch (rebuild.ts's default when absent). */
  graceMs?: number;
}

/** What the thread posts once, at its end. */
export type RebuildThreadResult = { ok: true; status: RebuildStatus } | { ok: false; error: string; alreadyRunning: boolean };

export interface RebuildThread {
  /** The rebuild's final status, or its error (RebuildAlreadyRunning when another holds the lock). */
  done: Promise<RebuildStatus>;
  /** Abandons the rebuild. */
  stop(): Promise<void>;
}

export function rebuildOnThread(input: RebuildThreadInput): RebuildThread {
  // The thread loads TypeScript the way our processes do, whoever started this one (a test runner too).
  const thread = new Worker(new URL('./rebuild-thread-main.ts', import.meta.url), { workerData: input, execArgv: ['--import', 'tsx'] });
  const done = new Promise<RebuildStatus>((resolve, reject) => {
    thread.once('message', (result: RebuildThreadResult) => {
      if (result.ok) resolve(result.status);
      else reject(result.alreadyRunning ? new RebuildAlreadyRunning() : new Error(result.error));
    });
    thread.once('error', reject);
    // After a result this settles nothing; without one, the thread was stopped or crashed.
    thread.once('exit', (code) => reject(new Error(`the rebuild thread ended (exit code ${code}) before the rebuild did`)));
  });
  return {
    done,
    async stop() {
      await thread.terminate();
    },
  };
}
