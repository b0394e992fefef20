// One round trip to each store, measured the way the app makes them
// (postgres.js and ioredis over loopback TCP). Most latency figures here are a
// count of sequential round trips times these, so they go in the report.
import type { Redis } from 'ioredis';
import type { Sql } from '@/db/client';
import { round, summarize } from './stats';
import { now } from './timing';

export async function roundTrips(sql: Sql, redis: Redis, probes = 300) {
  const pg: number[] = [];
  const rd: number[] = [];
  for (let i = 0; i < probes; i++) {
    let t0 = now();
    await sql`select 1`;
    pg.push(now() - t0);
    t0 = now();
    await redis.ping();
    rd.push(now() - t0);
  }
  const brief = (xs: number[]) => {
    const s = summarize(xs);
    return { p50: round(s.p50), p99: round(s.p99) };
  };
  return { postgresSelect1Ms: brief(pg), redisPingMs: brief(rd) };
}

/** Redis commands executed, by command, from INFO commandstats. */
export async function redisCommandCounts(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const out = new Map<string, number>();
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out.set(match[1]!, Number(match[2]));
  return out;
}

export function countsDelta(before: Map<string, number>, after: Map<string, number>, per: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [cmd, n] of after) {
    const d = n - (before.get(cmd) ?? 0);
    if (d > 0) out[cmd] = Math.round((d / Math.max(1, per)) * 100) / 100;
  }
  return out;
}
