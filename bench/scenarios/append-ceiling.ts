// Scenario 8: the append lock's ceiling. Every append to the event log takes
// one advisory lock and holds it to COMMIT (decision 001), so appends are one
// at a time and no number of writers gets past 1 / (hold time). This drives
// place-order at 1, 8, 32, 128 and 256 concurrent writers and reports, per
// level, orders/s and how long each transaction held the lock.
//
// The writers are bare SQL (bench/lib/place-order-sql.ts, the command's own
// statements through postgres.js), one connection each: through HTTP the web
// processes' pools (10 connections each) would cap the writers inside
// Postgres at 20 whatever the client concurrency. The bench's cluster allows
// 400 connections for this (server/dev/postgres-service.ts).
//
// The lock's hold per order is measured two ways. Sampled from pg_locks
// (lib/pg-sampler.ts, as scenario 2 does): the share of time the lock is
// granted to someone, over the rate. Postgres grants it to the first waiter
// at release, so this includes the handoff: the next holder's backend being
// scheduled. And timed inside Postgres per transaction, the holder working:
// from its first event's occurred_at (clock_timestamp() at the insert that
// runs right after the lock, in the same statement) to its commit
// (pg_xact_commit_timestamp; the bench's cluster runs with
// track_commit_timestamp=on); and the handoff, from one append's commit to the
// next one's first insert. Orders/s are counted from the log's commits inside
// the window. No target: decision 001 quotes the figures.
import { connectDb, type Sql } from '@/db/client';
import { pick, type BenchContext } from '../lib/context';
import { closedLoop } from '../lib/load';
import { samplePgActivity } from '../lib/pg-sampler';
import { placeOrderSql } from '../lib/place-order-sql';
import { absolute, type ScenarioResult } from '../lib/report';
import { perOperation, withCpu } from '../lib/proc-cpu';
import { settle } from '../lib/setup';
import { round, roundSummary, summarize } from '../lib/stats';

const ID = '8 append ceiling';
const LEVELS = [1, 8, 32, 128, 256];
/**
 * Reading pg_locks takes every lock-manager partition: with 256 backends one
 * sample stalls every writer's locking for milliseconds, and sampling every
 * 20 ms (scenario 2's rate) halved the rate at 256 writers. 100 ms stays out
 * of the way; the commit timestamps need no sampling at all.
 */
const SAMPLE_EVERY_MS = 100;

interface Holds {
  /** Transactions that appended and committed inside the window. */
  transactions: number;
  perSecond: number;
  /** From the holder's first insert to its commit: the lock's time with its holder working. */
  workingMeanMs: number;
  workingP99Ms: number;
  /** From one append's commit to the next append's first insert: the lock passing on (or resting, when nobody waits). */
  handoffP50Ms: number;
  handoffMeanMs: number;
}

/**
 * The appends that committed inside [fromMs, toMs] (wall clock; Postgres and
 * the bench share the machine's clock), timed by Postgres. Counting commits in
 * the log, not completed calls, keeps the rate right at 256 writers, where one
 * call takes longer than a quick run's window.
 */
async function holdsBetween(sql: Sql, fromMs: number, toMs: number): Promise<Holds | null> {
  const [setting] = await sql<{ on: string }[]>`select current_setting('track_commit_timestamp') as on`;
  if (setting?.on !== 'on') return null;
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();
  const [row] = await sql<{ n: number; working_mean: number; working_p99: number; handoff_p50: number; handoff_mean: number }[]>`
    with tx as (
      select pg_xact_commit_timestamp(xmin::text::xid) as committed, min(occurred_at) as granted
        from events
       where occurred_at >= ${from}::timestamptz - interval '10 seconds'
       group by xmin::text
    ), timed as (
      select committed,
             extract(epoch from committed - granted) * 1000 as working,
             extract(epoch from granted - lag(committed) over (order by committed)) * 1000 as handoff
        from tx where committed is not null
    )
    select count(*)::int as n,
           coalesce(avg(working), 0)::float8 as working_mean,
           coalesce(percentile_cont(0.99) within group (order by working), 0)::float8 as working_p99,
           coalesce(percentile_cont(0.5) within group (order by handoff), 0)::float8 as handoff_p50,
           coalesce(avg(handoff), 0)::float8 as handoff_mean
      from timed where committed between ${from}::timestamptz and ${to}::timestamptz`;
  const r = row!;
  return {
    transactions: r.n,
    perSecond: r.n / ((toMs - fromMs) / 1000),
    workingMeanMs: r.working_mean,
    workingP99Ms: r.working_p99,
    handoffP50Ms: r.handoff_p50,
    handoffMeanMs: r.handoff_mean,
  };
}

export async function appendCeiling(ctx: BenchContext): Promise<ScenarioResult> {
  const durationMs = ctx.quick ? 2000 : 6000;
  const warmupMs = ctx.quick ? 500 : 1500;
  const rows = [];
  const levels = [];
  for (const writers of LEVELS) {
    await settle(ctx.db.sql, ctx.redis);
    const pool = connectDb(ctx.stack.databaseUrl, { max: writers });
    try {
      // Every writer's connection is open before the clock starts.
      await Promise.all(Array.from({ length: writers }, () => pool.sql`select 1`));
      const sampler = samplePgActivity(ctx.db.sql, SAMPLE_EVERY_MS);
      const fromMs = Date.now() + warmupMs;
      const { result: run, cpu } = await withCpu(ctx.stack, () =>
        closedLoop({
          concurrency: writers,
          durationMs,
          warmupMs,
          op: async (w) => {
            await placeOrderSql(pool.sql, ctx.customers[w % ctx.customers.length]!.id, pick(ctx.bookIds));
            return true;
          },
        }),
      );
      const sampled = await sampler.stop();
      const holds = await holdsBetween(ctx.db.sql, fromMs, fromMs + durationMs);
      const perSecond = holds?.perSecond ?? run.perSecond;
      // As scenario 2 measures it: the share of samples with the lock granted, over the rate. Granted
      // includes the moment between a release and the next holder running (Postgres grants the lock to
      // the first waiter at release; that backend still has to be scheduled).
      const heldMs = (sampled.appendLockHeld * 1000) / Math.max(1e-9, perSecond);
      ctx.log(
        `  writers=${writers}: ${Math.round(perSecond)}/s; lock held ${round(heldMs)} ms per order (${Math.round(sampled.appendLockHeld * 100)} % of the time), ` +
          `holder working ${holds ? round(holds.workingMeanMs) : 'n/a'} ms (p99 ${holds ? round(holds.workingP99Ms) : 'n/a'}), handoff p50 ${holds ? round(holds.handoffP50Ms) : 'n/a'} ms; ` +
          `${sampled.appendLockQueue} queued; ${cpu.coresUsed} cores; ${run.errors} errors${run.firstError ? ` (${run.firstError})` : ''}`,
      );
      rows.push(
        absolute(ID, `writers=${writers}: orders/s`, '/s', perSecond),
        absolute(ID, `writers=${writers}:   lock held per order`, 'ms', heldMs),
        absolute(ID, `writers=${writers}:   of which holder working`, 'ms', holds?.workingMeanMs ?? Number.NaN),
        absolute(ID, `writers=${writers}:   holder working p99`, 'ms', holds?.workingP99Ms ?? Number.NaN),
        absolute(ID, `writers=${writers}:   handoff to next append p50`, 'ms', holds?.handoffP50Ms ?? Number.NaN),
        absolute(ID, `writers=${writers}:   lock held (share of time)`, '%', sampled.appendLockHeld * 100),
        absolute(ID, `writers=${writers}:   queued on the lock (mean)`, '', sampled.appendLockQueue),
      );
      levels.push({
        writers,
        perSecond: Math.round(perSecond),
        completedCallsPerSecond: Math.round(run.perSecond),
        writerLatencyMs: roundSummary(summarize(run.latenciesMs)),
        errors: run.errors,
        firstError: run.firstError,
        holds,
        sampled,
        coresUsed: cpu.coresUsed,
        cpuMsPerOrder: perOperation(cpu, run.totalOps),
      });
    } finally {
      await pool.sql.end({ timeout: 5 });
    }
  }
  return {
    id: ID,
    title: "The append lock's ceiling (bare SQL writers, one connection each)",
    rows,
    details: { durationMs, warmupMs, writer: 'bench/lib/place-order-sql.ts', holdTimedBy: 'pg_xact_commit_timestamp - first occurred_at, per transaction', levels },
  };
}
