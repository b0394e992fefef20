// The rebuild thread's entry (started by rebuild-thread.ts): one rebuild with
// connections of its own, its result posted back, then the thread ends.
import { parentPort, workerData } from 'node:worker_threads';
import { connectDb } from '@/db/client';
import { connectRedis } from '@/server/redis';
import { REBUILD_CONNECTIONS, rebuildReadModels, RebuildAlreadyRunning } from './rebuild';
import type { RebuildThreadInput, RebuildThreadResult } from './rebuild-thread';

const input = workerData as RebuildThreadInput;
const db = connectDb(input.databaseUrl, { max: REBUILD_CONNECTIONS });
const redis = connectRedis(input.redisUrl);
let result: RebuildThreadResult;
try {
  result = { ok: true, status: await rebuildReadModels({ db, redis, requestedAt: input.requestedAt, graceMs: input.graceMs }) };
} catch (error) {
  result = { ok: false, error: error instanceof Error ? error.message : String(error), alreadyRunning: error instanceof RebuildAlreadyRunning };
} finally {
  await Promise.allSettled([db.sql.end({ timeout: 5 }), redis.quit()]);
}
parentPort!.postMessage(result);
