// Reads the event log after a checkpoint, in order. Safe as a cursor because
// positions become visible in order (see server/events/append-events.ts).
import type { Sql } from '@/db/client';
import type { DomainEvent, StoredEvent } from '@/server/events/types';

export interface LogRow {
  event: StoredEvent;
  /** How long ago the event was committed, by the database's clock. */
  ageMs: number;
}

/** `upTo` stops at a position (inclusive): a rebuild must not overtake the live read models it replaces. */
export async function readLogAfter(sql: Sql, after: number, limit: number, upTo?: number): Promise<LogRow[]> {
  const rows = await sql<
    { position: string; type: string; aggregate_version: number; payload: Record<string, unknown>; occurred_at: string | Date; age_ms: number }[]
  >`
    select position, type, aggregate_version, payload, occurred_at,
           extract(epoch from clock_timestamp() - occurred_at) * 1000 as age_ms
    from events
    where position > ${after} ${upTo === undefined ? sql`` : sql`and position <= ${upTo}`}
    order by position
    limit ${limit}`;
  return rows.map((r) => ({
    ageMs: Number(r.age_ms),
    // The payload object is freshly parsed and ours: completed in place, not copied (a rebuild maps 100,000s of rows).
    event: Object.assign(r.payload as unknown as DomainEvent, {
      type: r.type as DomainEvent['type'],
      position: Number(r.position),
      aggregateVersion: r.aggregate_version,
      // drizzle installs string parsers for timestamps on the shared client.
      occurredAt: new Date(r.occurred_at),
    }) as StoredEvent,
  }));
}

export async function readLogHead(sql: Sql): Promise<number> {
  const [row] = await sql<{ head: string | null }[]>`select max(position) as head from events`;
  return Number(row?.head ?? 0);
}
