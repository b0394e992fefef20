// The projector worker process (`npm run worker`). Any number may run; exactly
// one projects at a time, chosen by a Postgres advisory lock that dies with its
// connection, so a standby takes over when the active worker is killed.
import { connectDb } from '@/db/client';
import { env } from '@/server/env';
import { log } from '@/server/log';
import { obeyKillRequests } from '@/server/lab/kill-worker';
import { withPushFaults } from '@/server/lab/push-faults';
import { pushToBrowsers, repeatLastPosition } from '@/server/realtime/push-to-browsers';
import { connectRedis } from '@/server/redis';
import { ACTIVE_WORKER_KEY, ACTIVE_WORKER_TTL_MS, activeReadModelKeys } from './keys';
import { serveRebuildRequests } from './serve-rebuild-requests';
import { serveWorkerHealth } from './worker-health';
import { holdLeadership } from './leadership';
import { createProjector } from './projector';

const config = env();
const db = connectDb(config.DATABASE_URL, { max: 4 });
// The projector awaits each command in turn: auto-pipelining would only defer every one of them by a tick.
const redis = connectRedis(config.REDIS_URL, { enableAutoPipelining: false });
// No fixed namespace: the projector follows the active one across rebuilds.
const browsers = pushToBrowsers(connectRedis(config.REDIS_URL));
const projector = createProjector({
  db,
  redis,
  batchSize: config.PROJECTOR_BATCH_SIZE,
  onAnnounced: repeatLastPosition(withPushFaults(db, browsers), browsers),
});

let shuttingDown = false;
async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  log.info('worker.stopping', { signal });
  await projector.stop();
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

let role: 'active' | 'standby' = 'standby';
await obeyKillRequests(db.sql, () => role === 'active');
const health = config.WORKER_HEALTH_PORT ? serveWorkerHealth(config.WORKER_HEALTH_PORT, { db, redis, role: () => role }) : null;

const leadership = await holdLeadership(db.sql, `${new URL(config.REDIS_URL).pathname || '/0'}:readmodels`, () => shuttingDown, (msg) => log.info(msg, { pid: process.pid }));
if (leadership) {
  role = 'active';
  log.info('worker.active', { pid: process.pid, namespace: (await activeReadModelKeys(redis)).namespace });
  const active = JSON.stringify({ pid: process.pid, since: new Date().toISOString() });
  const announce = () => void redis.set(ACTIVE_WORKER_KEY, active, 'PX', ACTIVE_WORKER_TTL_MS).catch(() => undefined);
  announce();
  const heartbeat = setInterval(announce, ACTIVE_WORKER_TTL_MS / 3);
  const rebuilds = serveRebuildRequests({ databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL });
  await projector.run();
  clearInterval(heartbeat);
  await redis.del(ACTIVE_WORKER_KEY).catch(() => undefined);
  await rebuilds.stop();
  await leadership.release();
}
health?.close();
await Promise.allSettled([db.sql.end({ timeout: 5 }), redis.quit()]);
log.info('worker.stopped', { pid: process.pid });
process.exit(0);
