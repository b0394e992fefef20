// `npm run rebuild`: rebuild every read model from the event log while the app
// keeps serving, then switch to the new ones atomically (server/projector/rebuild.ts).
// Runs against the stack of a running `npm start`, or DATABASE_URL + REDIS_URL.
import path from 'node:path';
import { connectDb } from '@/db/client';
import { findRunningServices } from '@/server/dev/running-services';
import { REBUILD_CONNECTIONS, rebuildReadModels, RebuildAlreadyRunning } from '@/server/projector/rebuild';
import { connectRedis } from '@/server/redis';

const say = (m: string) => console.log(`[rebuild] ${m}`);
const urls = findRunningServices(path.resolve(process.env.DATA_DIR ?? '.data'));
if (!urls) {
  console.error('[rebuild] no running stack found: start the app with `npm start` first, or set DATABASE_URL and REDIS_URL');
  process.exit(2);
}

const db = connectDb(urls.databaseUrl, { max: REBUILD_CONNECTIONS });
const redis = connectRedis(urls.redisUrl);
let lastSaid = 0;
let code = 0;
try {
  const status = await rebuildReadModels({
    db,
    redis,
    onProgress: (s) => {
      if (s.state === 'running' && Date.now() - lastSaid < 1000) return;
      lastSaid = Date.now();
      if (s.state === 'running') say(`${s.namespace}: at ${s.position} of ${s.livePosition} (${s.eventsApplied} events, ${s.eventsPerSecond ?? 0}/s)`);
    },
  });
  say(`switched to ${status.namespace} at position ${status.position} (${status.eventsApplied} events, ${status.eventsPerSecond ?? 0}/s); ${status.replaces} deleted`);
} catch (error) {
  code = error instanceof RebuildAlreadyRunning ? 3 : 1;
  console.error(`[rebuild] ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await Promise.allSettled([db.sql.end({ timeout: 5 }), redis.quit()]);
}
process.exit(code);
