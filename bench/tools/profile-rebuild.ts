// Where a rebuild spends its time: a stack without web instances, the log
// topped up to 100,000 events, then rebuildReadModels run in this process
// under the inspector's CPU profiler.
//   node --import tsx bench/tools/profile-rebuild.ts
import inspector from 'node:inspector/promises';
import { connectDb } from '@/db/client';
import { startTestStack } from '@/server/dev/test-stack';
import { rebuildReadModels } from '@/server/projector/rebuild';
import { connectRedis } from '@/server/redis';
import { REBUILD_EVENTS, seedOrders } from '../scenarios/rebuild';
import { logHead, waitForProjection } from '../lib/setup';
import { monotonicUs, summarizeProfile, type Profile } from './profile-summary';

const stack = await startTestStack({ name: 'bench', withWeb: false, withWorker: true, log: () => {} });
try {
  const db = connectDb(stack.databaseUrl, { max: 4 });
  const redis = connectRedis(stack.redisUrl);
  const [customer] = await db.sql<{ id: string }[]>`select id from users where role = 'customer' limit 1`;
  const head = await seedOrders(db.sql, [customer!.id], Math.ceil((REBUILD_EVENTS - (await logHead(db.sql))) / 2));
  await waitForProjection(redis, head, 300_000);

  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const from = monotonicUs();
  const own = connectRedis(stack.redisUrl);
  const status = await rebuildReadModels({ db, redis: own, graceMs: 0 });
  const to = monotonicUs();
  const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
  console.log(`rebuild: ${status.eventsApplied} events in ${((to - from) / 1000).toFixed(0)} ms`);
  console.log(summarizeProfile(profile, from, to, { packages: 12, self: 30, inclusive: Number(process.env.TOP ?? 50) }));
  await db.sql.end();
  redis.disconnect();
  own.disconnect();
} finally {
  await stack.stop();
}
process.exit(0);
