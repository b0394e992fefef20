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

/**
 * The events in positions (after, after + span], at most up to `upTo`, for a
 * rebuild that reads the whole log. Two choices make it cheap:
 * - A range of positions, not `limit`: on a log whose statistics are stale (a
 *   bulk load, a restore) the planner sorts every row up to `upTo` before a
 *   limit, for every batch; a range is one index range. Positions may have
 *   gaps (a rolled-back append), so a range may hold fewer events, or none.
 * - Postgres hands the batch over as one JSON array of
 *   `[position, type, version, occurred-at ms, payload]`: the client parses one
 *   value per batch instead of a row, its columns and a payload per event
 *   (building the StoredEvent in SQL with `payload || jsonb_build_object(...)`
 *   costs Postgres twice as much).
 */
export async function readEventRange(sql: Sql, after: number, span: number, upTo: number): Promise<StoredEvent[]> {
  const [row] = await sql<{ events: string | null }[]>`
    select json_agg(json_build_array(position, type, aggregate_version,
                    floor(extract(epoch from occurred_at) * 1000)::bigint, payload) order by position)::text as events
    from events where position > ${after} and position <= ${Math.min(after + span, upTo)}`;
  if (!row?.events) return [];
  const rows = JSON.parse(row.events) as [position: number, type: StoredEvent['type'], version: number, occurredMs: number, payload: Record<string, unknown>][];
  const events = new Array<StoredEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [position, type, aggregateVersion, occurredMs, payload] = rows[i]!;
    // Written only by our append (server/events/append-events.ts): the payload is the event, the columns complete it (as storedEvent does).
    payload.type = type;
    payload.position = position;
    payload.aggregateVersion = aggregateVersion;
    payload.occurredAt = new Date(occurredMs);
    events[i] = payload as unknown as StoredEvent;
  }
  return events;
}
