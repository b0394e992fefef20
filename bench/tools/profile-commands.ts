// Where a request spends its time: starts the bench stack with every app
// process under --cpu-prof, drives place-order (or a read: the catalog's first
// page, a book) over HTTP for a while, stops, and prints the heaviest
// functions of each profile (self time).
//   node --import tsx bench/tools/profile-commands.ts [concurrency] [seconds] [orders|catalog|book]
import fs from 'node:fs';
import path from 'node:path';
import { connectDb } from '@/db/client';
import { buildIfNeeded } from '@/server/dev/build-if-needed';
import { startTestStack } from '@/server/dev/test-stack';
import { connectRedis } from '@/server/redis';
import { pick } from '../lib/context';
import { closeAgents } from '../lib/http';
import { closedLoop } from '../lib/load';
import { placeOrderOrThrow } from '../lib/orders';
import { bookIds, createCustomers, restockAll, waitForProjection } from '../lib/setup';
import { monotonicUs, summarizeProfile, type Profile } from './profile-summary';

const concurrency = Number(process.argv[2] ?? 8);
const seconds = Number(process.argv[3] ?? 10);
const what = process.argv[4] ?? 'orders';
const profDir = path.resolve('.data/bench-profiles');
fs.rmSync(profDir, { recursive: true, force: true });
fs.mkdirSync(profDir, { recursive: true });
// Build first, unprofiled; then the web instance and the worker inherit the preload and write a profile on exit.
buildIfNeeded(console.log);
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import ${path.join(import.meta.dirname, 'cpu-profile-preload.mjs')}`;
process.env.BENCH_PROFILE_DIR = profDir;
let loadFromUs = 0;
let loadToUs = 0;
const stack = await startTestStack({ name: 'bench', withWeb: true, withWorker: true, webInstances: 1, log: () => {} });
delete process.env.NODE_OPTIONS;
delete process.env.BENCH_PROFILE_DIR;
try {
  const db = connectDb(stack.databaseUrl, { max: 4 });
  const redis = connectRedis(stack.redisUrl);
  await waitForProjection(redis, await restockAll(db.sql, 1_000_000));
  const customers = await createCustomers(db, stack.webUrls, 32);
  const books = await bookIds(db.sql);
  loadFromUs = monotonicUs();
  const result = await closedLoop({
    concurrency,
    durationMs: seconds * 1000,
    warmupMs: 1000,
    op: async (w) => {
      const client = customers[w % customers.length]!.clients[0]!;
      if (what === 'catalog') return (await client.get('/api/books')).status === 200;
      if (what === 'book') return (await client.get(`/api/books/${pick(books)}`)).status === 200;
      return (await placeOrderOrThrow(client, pick(books))).ok;
    },
  });
  loadToUs = monotonicUs();
  console.log(`${what}, c=${concurrency}: ${Math.round(result.perSecond)}/s, ${result.errors} errors`);
  closeAgents();
  await db.sql.end();
  redis.disconnect();
} finally {
  await stack.stop();
}

for (const file of fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as Profile;
  console.log(`\n${file}: ${summarizeProfile(profile, loadFromUs, loadToUs, { packages: 12, self: 25, inclusive: Number(process.env.TOP ?? 40) })}`);
}
