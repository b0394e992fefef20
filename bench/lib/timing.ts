// Time sources. Latencies are measured on the monotonic clock
// (performance.now); instants that Postgres records (clock_timestamp() in
// events.occurred_at) are mapped onto it with a measured offset.
import type { Sql } from '@/db/client';

export const now = () => performance.now();
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Maps a Postgres wall-clock instant (ms since epoch, µs precision) onto this
 * process's performance.now() timeline. Both read the same kernel clock, so the
 * only uncertainty is half the round trip of the best of several probes
 * (typically ~0.05 ms on localhost).
 */
export interface PgClock {
  toLocal(pgEpochMs: number): number;
  /** Half the best probe's round trip: the mapping's error bound, in ms. */
  uncertaintyMs: number;
}

export async function calibratePgClock(sql: Sql, probes = 30): Promise<PgClock> {
  let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < probes; i++) {
    const t0 = now();
    const [row] = await sql<{ ms: string }[]>`select (extract(epoch from clock_timestamp()) * 1000)::float8::text as ms`;
    const t1 = now();
    const offset = Number(row!.ms) - (t0 + t1) / 2;
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset };
  }
  return { toLocal: (ms) => ms - best.offset, uncertaintyMs: best.rtt / 2 };
}

/** Commit instants (events.occurred_at, as epoch ms) of the given log positions. */
export async function occurredAt(sql: Sql, positions: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < positions.length; i += 5000) {
    const chunk = positions.slice(i, i + 5000);
    const rows = await sql<{ position: string; ms: string }[]>`
      select position, (extract(epoch from occurred_at) * 1000)::float8::text as ms
      from events where position = any(${chunk as number[]}::bigint[])`;
    for (const r of rows) out.set(Number(r.position), Number(r.ms));
  }
  return out;
}
