// An event log row as Postgres hands it over (from a SELECT or inside a NOTIFY
// payload), turned into the StoredEvent the projector applies.
import type { DomainEvent, StoredEvent } from './types';

export interface EventRow {
  position: string | number;
  type: string;
  aggregate_version: number;
  payload: Record<string, unknown>;
  /** A Date, or the timestamp as text (drizzle's parsers on the shared client; JSON in a notice). */
  occurred_at: string | Date;
}

export function storedEvent(row: EventRow): StoredEvent {
  // The payload object is freshly parsed and ours: completed in place, not copied (a rebuild maps 100,000s of rows).
  return Object.assign(row.payload as unknown as DomainEvent, {
    type: row.type as DomainEvent['type'],
    position: Number(row.position),
    aggregateVersion: row.aggregate_version,
    occurredAt: new Date(row.occurred_at),
  }) as StoredEvent;
}
