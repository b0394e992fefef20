// Scenario 4: projector throughput during a rebuild of 100,000 events.
//
// The log is topped up to 100,000 events (one-line orders: OrderPlaced +
// BookStockReserved, written straight into the events table as setup), the
// live projector catches up (timed too, as the live projector's rate), then
// the app's own rebuild (rebuildReadModels: a fresh namespace from position 0,
// switched in once caught up) is timed. Every batch it sends is recorded;
// the baseline replays those exact writes into another namespace as plain
// pipelines, batch by batch: the same keys with no reads, no logic, no
// Postgres, no WATCH/MULTI. Target: >= 0.5x the baseline.
//
// The seeded events exist only in the log of the bench's private database
// (no order rows), which is why this scenario runs last.
import type { Redis } from 'ioredis';
import type { Sql } from '@/db/client';
import { APPEND_LOCK_KEY, EVENTS_CHANNEL } from '@/server/events/append-events';
import { readLogAfter } from '@/server/projector/read-log';
import { rebuildReadModels } from '@/server/projector/rebuild';
import { connectRedis } from '@/server/redis';
import type { BenchContext } from '../lib/context';
import { recordingRedis, replayPipelined } from '../lib/recording-redis';
import { absolute, compared, type ScenarioResult } from '../lib/report';
import { logHead, waitForProjection } from '../lib/setup';
import { median } from '../lib/stats';
import { now } from '../lib/timing';

const ID = '4 projector rebuild';
export const REBUILD_EVENTS = 100_000;
/** rebuildReadModels' default batch size (server/projector/rebuild.ts). */
const REBUILD_BATCH = 2000;

/** Appends `pairs` one-line orders (2 events each) in one transaction; returns the new head. */
export async function seedOrders(sql: Sql, customers: readonly string[], pairs: number): Promise<number> {
  return (await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`;
    const [row] = await tx<{ head: string }[]>`
      with b as (select id, title, price_cents, row_number() over (order by id) as i from books),
      n as (select count(*)::int as c from b),
      o as (select g, gen_random_uuid() as order_id from generate_series(1, ${pairs}::int) g),
      r as (
        select o.g, k.kind, b.id as book_id, b.title, b.price_cents, o.order_id,
               (${customers as string[]}::uuid[])[1 + (o.g % ${customers.length}::int)] as customer_id
        from o join b on b.i = 1 + (o.g % (select c from n))
        cross join (values (1), (2)) as k(kind)
      ), appended as (
        insert into events (type, aggregate_type, aggregate_id, aggregate_version, payload)
        select case kind when 1 then 'OrderPlaced' else 'BookStockReserved' end,
               case kind when 1 then 'order' else 'book' end,
               case kind when 1 then order_id else book_id end,
               case kind when 1 then 1 else 1000 + g end,
               case kind when 1 then jsonb_build_object(
                      'orderId', order_id, 'customerId', customer_id,
                      'lines', jsonb_build_array(jsonb_build_object('bookId', book_id, 'title', title, 'quantity', 1, 'priceCents', price_cents)),
                      'totalCents', price_cents,
                      'placedAt', to_char(clock_timestamp() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                    else jsonb_build_object('bookId', book_id, 'orderId', order_id, 'quantity', 1, 'stock', 1000000 - g) end
        from r order by g, kind
        returning position
      )
      select max(position)::text as head from appended`;
    await tx`select pg_notify(${EVENTS_CHANNEL}, ${row!.head})`;
    return Number(row!.head);
  })) as number;
}

/** The rebuild logs each step as JSON on stdout; keep the bench's output readable. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const original = console.log;
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('{"time"')) return;
    original(...args);
  };
  try {
    return await fn();
  } finally {
    console.log = original;
  }
}

export async function rebuild(ctx: BenchContext): Promise<ScenarioResult> {
  const before = await logHead(ctx.db.sql);
  await waitForProjection(ctx.redis, before);
  const missing = Math.max(0, REBUILD_EVENTS - before);
  const seedStarted = now();
  const head = missing > 0 ? await seedOrders(ctx.db.sql, ctx.customers.map((c) => c.id), Math.ceil(missing / 2)) : before;
  const seedMs = now() - seedStarted;
  ctx.log(`  seeded ${head - before} events in ${Math.round(seedMs)} ms; live projector catching up`);
  const liveStarted = now();
  await waitForProjection(ctx.redis, head, 300_000);
  const liveMs = now() - liveStarted;

  // Rounds alternate rebuild and replay so both meet the same machine state; the medians are reported.
  const rounds = ctx.quick ? 1 : 3;
  const connection = connectRedis(ctx.stack.redisUrl);
  try {
    const measured: Round[] = [];
    for (let i = 0; i < rounds; i++) {
      const round = await oneRound(ctx, connection);
      ctx.log(`  round ${i + 1}: rebuild ${round.events} events in ${Math.round(round.rebuildMs)} ms, pipelined replay ${Math.round(round.baselineMs)} ms`);
      measured.push(round);
    }
    const events = measured[0]!.events;
    const rate = median(measured.map((r) => r.events / (r.rebuildMs / 1000)));
    const baseRate = median(measured.map((r) => r.events / (r.baselineMs / 1000)));
    // Where the rebuild's time goes, part one: reading the same log alone, in the rebuild's batch size.
    const readMs = await timeLogRead(ctx, measured[0]!.position);
    ctx.log(`  reading the log alone: ${Math.round(readMs)} ms`);
    return {
      id: ID,
      title: `Projector throughput: rebuild of ${events} events vs pipelined writes of the same keys`,
      rows: [
        compared(ID, `rebuild events/s (${events} events)`, '/s', rate, baseRate, { text: '>= 0.5x', ok: (r) => r >= 0.5 }),
        absolute(ID, 'rebuild wall time', 's', events / rate),
        absolute(ID, 'live projector catch-up events/s', '/s', (head - before) / (liveMs / 1000)),
      ],
      details: {
        eventsApplied: events,
        seededEvents: head - before,
        seedMs: Math.round(seedMs),
        liveCatchUp: { events: head - before, ms: Math.round(liveMs) },
        rounds: measured.map(({ events: n, rebuildMs, baselineMs, batches, redisCommands }) => ({
          events: n,
          rebuildMs: Math.round(rebuildMs),
          baselineMs: Math.round(baselineMs),
          batches,
          redisCommands,
        })),
        logReadAloneMs: Math.round(readMs),
        baselineMethod: "the rebuild's recorded batches (its pipelines) replayed as one plain pipeline per batch, sequentially, into another namespace",
      },
    };
  } finally {
    connection.disconnect();
  }
}

interface Round {
  events: number;
  position: number;
  rebuildMs: number;
  baselineMs: number;
  batches: number;
  redisCommands: number;
}

/** One real rebuild (switched in, the replaced namespace deleted) and the pipelined replay of its writes. */
async function oneRound(ctx: BenchContext, connection: Redis): Promise<Round> {
  // The rebuild runs on a connection of its own, every pipeline recorded.
  const recording = recordingRedis(connection);
  let switchedAt = 0;
  const started = now();
  const status = await quietly(() =>
    rebuildReadModels({
      db: ctx.db,
      redis: recording.redis,
      graceMs: 0,
      onProgress: (s) => {
        if (s.state === 'switched' && !switchedAt) switchedAt = now();
      },
    }),
  );
  const rebuildMs = (switchedAt || now()) - started;
  if (!status.namespace) throw new Error('the rebuild reported no namespace');
  // Baseline: the same writes, pipelined, into a namespace nobody reads.
  const target = `bench-replay-${Date.now().toString(36)}`;
  const baselineMs = await replayPipelined(connection, recording.batches, status.namespace, target);
  await deleteNamespace(connection, target);
  return {
    events: status.eventsApplied,
    position: status.position,
    rebuildMs,
    baselineMs,
    batches: recording.batches.length,
    redisCommands: recording.batches.reduce((n, b) => n + b.length, 0),
  };
}

/** Reads positions 1..upTo with the projector's own reader in the rebuild's batch size, doing nothing with them. */
async function timeLogRead(ctx: BenchContext, upTo: number): Promise<number> {
  const started = now();
  let at = 0;
  while (at < upTo) {
    const rows = await readLogAfter(ctx.db.sql, at, REBUILD_BATCH, upTo);
    if (rows.length === 0) break;
    at = rows.at(-1)!.event.position;
  }
  return now() - started;
}

async function deleteNamespace(redis: Redis, namespace: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
    if (found.length > 0) await redis.unlink(...found);
    cursor = next;
  } while (cursor !== '0');
}
