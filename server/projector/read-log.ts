// Reads the event log after a checkpoint, in order. Safe as a cursor because
// positions become visible in order (see server/events/append-events.ts).
import type { Sql } from '@/db/client';
import { storedEvent, type EventRow } from '@/server/events/stored-event';
import type { StoredEvent } from '@/server/events/types';

export interface LogRow {
  event: StoredEvent;
  /** How long ago the event was committed, by the database's clock. */
  ageMs: number;
}

/** `upTo` stops at a position (inclusive): a rebuild must not overtake the live read models it replaces. */
export async function readLogAfter(sql: Sql, after: number, limit: number, upTo?: number): Promise<LogRow[]> {
  const rows = await sql<(EventRow & { age_ms: number })[]>`
    select position, type, aggregate_version, payload, occurred_at,
           extract(epoch from clock_timestamp() - occurred_at) * 1000 as age_ms
    from events
    where position > ${after} ${upTo === undefined ? sql`` : sql`and position <= ${upTo}`}
    order by position
    limit ${limit}`;
  return rows.map((r) => ({ ageMs: Number(r.age_ms), event: storedEvent(r) }));
}

export async function readLogHead(sql: Sql): Promise<number> {
  const [row] = await sql<{ head: string | null }[]>`select max(position) as head from events`;
  return Number(row?.head ?? 0);
}
