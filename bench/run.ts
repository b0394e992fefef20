// `npm run bench [-- --quick] [-- --only=1,2]`: starts a private stack like
// `npm start` (fresh Postgres + Redis, two web instances, one worker), runs
// each scenario beside its baseline on this machine, prints a table and writes
// bench/results/latest.json. The stack is always stopped, Ctrl-C included.
import fs from 'node:fs';
import path from 'node:path';
import { connectDb } from '@/db/client';
import { buildIfNeeded } from '@/server/dev/build-if-needed';
import { startTestStack, type TestStack } from '@/server/dev/test-stack';
import { connectRedis } from '@/server/redis';
import type { BenchContext } from './lib/context';
import { closeAgents } from './lib/http';
import { gitInfo, machineInfo } from './lib/machine';
import { formatTable, type ScenarioResult } from './lib/report';
import { roundTrips } from './lib/round-trips';
import { bookIds, createCustomers, restockAll, waitForProjection } from './lib/setup';
import { SCENARIOS } from './scenarios';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (m: string) => console.log(`[bench ${elapsed()}] ${m}`);

const machine = machineInfo();
const cleanups: (() => void | Promise<void>)[] = [];
let stack: TestStack | undefined;
let stopping: Promise<void> | undefined;
/** Ctrl-C while the stack is starting: stop once it is up (its services have no handle before that). */
let interrupted = false;

function stopEverything(): Promise<void> {
  stopping ??= (async () => {
    for (const fn of cleanups.splice(0).reverse()) await Promise.resolve(fn()).catch(() => undefined);
    closeAgents();
    if (stack) {
      log('stopping the stack');
      await stack.stop();
    }
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    interrupted = true;
    process.exitCode = 130;
    if (stack) void stopEverything().finally(() => process.exit(130));
  });
}

/**
 * Builds up front (the stack would too) so that a build another process is
 * running at the same moment (Next refuses two at once) is waited out.
 */
async function buildWithRetry(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      buildIfNeeded((m) => log(`build: ${m}`));
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
      log('build failed (another build running?): retrying in 20 s');
      await new Promise((r) => setTimeout(r, 20_000));
    }
  }
}

async function main(): Promise<void> {
  const unknown = only?.filter((key) => !SCENARIOS.some((s) => s.key === key)) ?? [];
  if (unknown.length > 0) {
    throw new Error(`--only: no scenario ${unknown.join(', ')}; the scenarios are ${SCENARIOS.map((s) => s.key).join(', ')}`);
  }
  const selected = SCENARIOS.filter((s) => !only || only.includes(s.key));
  // Figures from a machine that is busy with something else are not comparable run to run: say so.
  if (machine.loadAverage[0]! > machine.cpus * 0.5) {
    log(`warning: load average ${machine.loadAverage[0]} on ${machine.cpus} CPUs before starting; other work will skew the figures`);
  }
  log(`${quick ? 'quick' : 'full'} run: ${selected.map((s) => s.key).join(', ')}`);
  await buildWithRetry();
  // The stack's processes can be asked to collect garbage (SIGUSR2, server/web-main.ts), for scenario 10's memory per socket.
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, '--expose-gc'].filter(Boolean).join(' ');
  // commandRateLimit 0: the per-user command limit is off, scenario 2 measures throughput.
  stack = await startTestStack({ name: 'bench', withWeb: true, withWorker: true, webInstances: 2, commandRateLimit: 0, log: (m) => log(`stack: ${m}`) });
  if (interrupted) throw new Error('interrupted while starting');
  log(`stack up: ${stack.webUrls.join(', ')}`);

  const db = connectDb(stack.databaseUrl, { max: 8 });
  const redis = connectRedis(stack.redisUrl);
  cleanups.push(() => db.sql.end({ timeout: 5 }), () => void redis.disconnect());

  // Plenty of stock (no order refused) and many customers (no two-user hot spot).
  const restocked = await restockAll(db.sql, 1_000_000);
  const customers = await createCustomers(db, stack.webUrls, 32);
  await waitForProjection(redis, restocked);
  // Round trips to each store: most latencies below are a count of these.
  const rtt = await roundTrips(db.sql, redis);
  log(`round trips: Postgres select 1 p50 ${rtt.postgresSelect1Ms.p50} ms, Redis PING p50 ${rtt.redisPingMs.p50} ms`);
  const ctx: BenchContext = {
    quick,
    stack,
    db,
    redis,
    customers,
    bookIds: await bookIds(db.sql),
    log,
    shared: {},
    onCleanup: (fn) => void cleanups.push(fn),
  };

  const results: ScenarioResult[] = [];
  for (const scenario of selected) {
    log(`scenario ${scenario.key}: ${scenario.name}`);
    const t0 = Date.now();
    try {
      const result = await scenario.run(ctx);
      result.durationMs = Date.now() - t0;
      results.push(result);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`scenario ${scenario.key} failed: ${message}`);
      results.push({ id: `${scenario.key} ${scenario.name}`, title: scenario.name, rows: [], details: {}, durationMs: Date.now() - t0, error: message });
    }
    log(`scenario ${scenario.key} done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }

  const table = formatTable(results);
  console.log(`\n${table}\n`);
  const outDir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const git = gitInfo();
  const report = {
    commit: git.commit,
    dirty: git.dirty,
    date: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd: machineInfo().loadAverage, roundTrips: rtt },
    quick,
    durationMs: Date.now() - started,
    scenarios: results,
  };
  fs.writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${path.relative(process.cwd(), path.join(outDir, 'latest.json'))}`);
  const missed = results.flatMap((r) => r.rows).filter((r) => r.pass === false).length;
  const failed = results.filter((r) => r.error).length;
  log(`${missed} target(s) missed, ${failed} scenario(s) failed to run; total ${elapsed()}`);
  if (failed > 0) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  console.error(error);
  if (!interrupted) process.exitCode = 1;
} finally {
  await stopEverything();
}
