// Scenario 1: projection lag, commit -> visible in Redis, at 50% of the
// measured maximum command rate with the lab delay at 0.
//
// How it is timed. From outside, the moment of commit cannot be observed, and
// the HTTP response is a poor stand-in: it leaves the server only after the
// session bookkeeping, so the projector often announces the position before
// the client has the response (the lag would read as zero or negative). We
// use the commit instant Postgres itself records: events.occurred_at
// (clock_timestamp() at the insert, a fraction of a millisecond before COMMIT).
// t1 is when the projector's announcement on Redis 'projection:advanced' with
// position >= the command's token is heard; it is published by the same Lua
// script that applies the batch, so it bounds "read model position >= token"
// from above by one pub/sub hop. Announcements are heard and stamped on the
// Postgres clock by a child process that does nothing else
// (lib/arrival-listener.ts): the bench's own event loop is busy generating
// the load.
//
// Baseline: the bare mechanism underneath, a Postgres NOTIFY from a
// committing transaction heard by a LISTENing client, under the same load.
// "Same load" is taken literally: the very transactions the app commits
// already NOTIFY (the append notice the projector itself wakes on), so a bare
// LISTEN client in its own idle child process hears them during the same run,
// on the same busy machine, and is timed the same way. What the app adds over
// that baseline is exactly the projector's share: wake, apply in Redis,
// announce. For reference the scenario also runs the bare mechanism alone at
// the same rate (a transaction inserting a row and NOTIFYing, no app, no web
// load): that machine is far less busy, so it is printed without a target.
import { connectDb } from '@/db/client';
import { EVENTS_CHANNEL } from '@/server/events/append-events';
import { ADVANCED_CHANNEL } from '@/server/contracts/channels';
import { Arrivals } from '../lib/arrivals';
import { startArrivalListener } from '../lib/arrival-process';
import { pick, type BenchContext } from '../lib/context';
import { closedLoop, openLoop } from '../lib/load';
import { placeOrder } from '../lib/orders';
import { absolute, compared, type ScenarioResult } from '../lib/report';
import { settle } from '../lib/setup';
import { round, roundSummary, summarize } from '../lib/stats';
import { redisCommandCounts, countsDelta } from '../lib/round-trips';
import { calibratePgClock, now, occurredAt } from '../lib/timing';

const ID = '1 projection lag';
const NOTIFY_CHANNEL = 'bench_lag';

/** Max command rate from scenario 2, or a short probe of our own when run alone. */
async function maxRate(ctx: BenchContext): Promise<number> {
  if (ctx.shared.maxCommandRate) return ctx.shared.maxCommandRate;
  const webs = ctx.stack.webUrls.length;
  const probe = await closedLoop({
    concurrency: 16,
    durationMs: 3000,
    warmupMs: 500,
    op: async (w) => (await placeOrder(ctx.customers[w % ctx.customers.length]!.clients[w % webs]!, pick(ctx.bookIds))).ok,
  });
  await settle(ctx.db.sql, ctx.redis);
  return probe.perSecond;
}

export async function projectionLag(ctx: BenchContext): Promise<ScenarioResult> {
  const max = await maxRate(ctx);
  const rate = Math.max(1, Math.round(max * 0.5));
  const durationMs = ctx.quick ? 8000 : 25_000;
  const webs = ctx.stack.webUrls.length;
  await ctx.db.sql`update lab_settings set delay_ms = 0, paused = false where id = 1`;
  await settle(ctx.db.sql, ctx.redis);

  // --- the app: place-order over HTTP, heard on Redis ---
  const appListener = await startArrivalListener({
    databaseUrl: ctx.stack.databaseUrl,
    source: { kind: 'redis', url: ctx.stack.redisUrl, channel: ADVANCED_CHANNEL },
  });
  const notifyListener = await startArrivalListener({ databaseUrl: ctx.stack.databaseUrl, source: { kind: 'append-notice', channel: EVENTS_CHANNEL } });
  const tokens: { position: number; respondedAt: number }[] = [];
  const benchClock = await calibratePgClock(ctx.db.sql);
  const commandsBefore = await redisCommandCounts(ctx.redis);
  const appLoad = await openLoop({
    ratePerSecond: rate,
    durationMs,
    op: async (i) => {
      const placed = await placeOrder(ctx.customers[i % ctx.customers.length]!.clients[i % webs]!, pick(ctx.bookIds));
      if (placed.ok) tokens.push({ position: placed.position, respondedAt: now() });
      return placed.ok;
    },
  });
  const heard = new Arrivals();
  const notified = new Arrivals();
  const [announcements, notices] = await Promise.all([
    appListener.finish(tokens.map((t) => t.position), 30_000),
    notifyListener.finish(tokens.map((t) => t.position), 30_000),
  ]);
  for (const [position, at] of announcements) heard.heard(position, at);
  for (const [position, at] of notices) notified.heard(position, at);
  // Every Redis command of the run (web session bookkeeping included) per command placed.
  const redisPerCommand = countsDelta(commandsBefore, await redisCommandCounts(ctx.redis), tokens.length);
  const committed = await occurredAt(ctx.db.sql, tokens.map((t) => t.position));
  const appLag: number[] = [];
  const notifyLag: number[] = [];
  const afterResponse: number[] = [];
  let missing = 0;
  for (const t of tokens) {
    const t1 = heard.firstAt(t.position);
    const notice = notified.firstAt(t.position);
    const t0 = committed.get(t.position);
    if (t1 === undefined || notice === undefined || t0 === undefined) {
      missing++;
      continue;
    }
    appLag.push(t1 - t0);
    notifyLag.push(notice - t0);
    // Both on the bench's timeline: when the announcement came against when the response did.
    afterResponse.push(benchClock.toLocal(t1) - t.respondedAt);
  }
  await settle(ctx.db.sql, ctx.redis);

  // --- for reference: the bare mechanism alone, at the same rate ---
  const pool = connectDb(ctx.stack.databaseUrl, { max: 16 });
  const sentAt = new Map<number, number>();
  let baseLoad;
  let baseListener;
  let baseHeard: [number, number][] = [];
  try {
    await pool.sql`create table if not exists bench_notify (id bigint generated always as identity primary key, at timestamptz not null default clock_timestamp())`;
    baseListener = await startArrivalListener({ databaseUrl: ctx.stack.databaseUrl, source: { kind: 'postgres', channel: NOTIFY_CHANNEL } });
    baseLoad = await openLoop({
      ratePerSecond: rate,
      durationMs,
      op: async () => {
        const row = (await pool.sql.begin(async (tx) => {
          const [inserted] = await tx<{ id: string; ms: string }[]>`
            insert into bench_notify default values returning id, (extract(epoch from at) * 1000)::float8::text as ms`;
          await tx`select pg_notify(${NOTIFY_CHANNEL}, ${inserted!.id})`;
          return inserted!;
        })) as { id: string; ms: string };
        sentAt.set(Number(row.id), Number(row.ms));
        return true;
      },
    });
    baseHeard = await baseListener.finish([...sentAt.keys()]);
    await pool.sql`drop table if exists bench_notify`;
  } finally {
    await pool.sql.end({ timeout: 5 });
  }
  const baseLag = baseHeard.filter(([id]) => sentAt.has(id)).map(([id, at]) => at - sentAt.get(id)!);

  const app = summarize(appLag);
  const sameLoad = summarize(notifyLag);
  const alone = summarize(baseLag);
  return {
    id: ID,
    title: 'Projection lag: commit -> announced in Redis, at 50% of max command rate, delay 0',
    rows: [
      compared(ID, `lag p50 @ ${rate}/s`, 'ms', app.p50, sameLoad.p50, { text: '<= 2x baseline', ok: (r) => r <= 2 }),
      compared(ID, 'lag p95', 'ms', app.p95, sameLoad.p95),
      compared(ID, 'lag p99', 'ms', app.p99, sameLoad.p99, { text: '<= 3x baseline', ok: (r) => r <= 3 }),
      absolute(ID, 'lag p99 (absolute)', 'ms', app.p99, { text: '< 50 ms', ok: (v) => v < 50 }),
      compared(ID, 'lag p50 vs NOTIFY alone', 'ms', app.p50, alone.p50),
      compared(ID, 'lag p99 vs NOTIFY alone', 'ms', app.p99, alone.p99),
    ],
    details: {
      ratePerSecond: rate,
      maxCommandRate: Math.round(max),
      durationMs,
      webInstances: webs,
      method:
        't0 = events.occurred_at (Postgres clock_timestamp just before commit); t1 = Redis projection:advanced with position >= token heard by an idle listener process, on the Postgres clock; baseline t1 = the same commit\'s append NOTIFY heard by a bare LISTEN client in another idle process',
      app: { lagMs: roundSummary(app), load: appLoad, missing, clockUncertaintyMs: round(appListener.uncertaintyMs) },
      // The baseline: the same commits' NOTIFY heard by a bare LISTEN client during the app's run.
      baseline: { lagMs: roundSummary(sameLoad), clockUncertaintyMs: round(notifyListener.uncertaintyMs) },
      announcements: heard.count,
      redisCommandsPerOrder: redisPerCommand,
      // For reference: measured from the HTTP response instead. Negative = announced before the response arrived.
      appFromResponse: roundSummary(summarize(afterResponse)),
      announcedBeforeResponse: afterResponse.filter((x) => x < 0).length,
      notifyAlone: { lagMs: roundSummary(alone), load: baseLoad, clockUncertaintyMs: round(baseListener?.uncertaintyMs ?? Number.NaN) },
    },
  };
}
