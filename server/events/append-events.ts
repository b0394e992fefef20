// Appending to the log is the one place where write concurrency is serialized.
//
// Why: a sequence alone is not a safe cursor. Two transactions can draw
// positions 7 and 8 and commit 8 first; a projector reading "after 6" then sees
// 8, moves on, and skips 7 forever. Holding a transaction-scoped advisory lock
// from drawing the position until commit makes positions become visible in
// order. The lock is taken as late as possible (after the command has done its
// checks and row updates), so only the final insert + commit is serialized.
// See docs/decisions/001-gap-free-event-log.md for the alternatives.
import { sql } from 'drizzle-orm';
import { events } from '@/db/schema';
import type { Tx } from '@/db/tx';
import type { PendingEvent } from './types';

/** Arbitrary but fixed: the advisory lock key that guards the event log's tail. */
export const APPEND_LOCK_KEY = 7_001;
export const EVENTS_CHANNEL = 'events_appended';

/** Appends the events inside the caller's transaction and returns the last position. */
export async function appendEvents(tx: Tx, pending: readonly PendingEvent[]): Promise<number> {
  if (pending.length === 0) throw new Error('appendEvents needs at least one event');
  await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
  const rows = await tx
    .insert(events)
    .values(
      pending.map((p) => {
        const { type, ...payload } = p.event;
        return {
          type,
          aggregateType: p.aggregateType,
          aggregateId: p.aggregateId,
          aggregateVersion: p.aggregateVersion,
          payload,
        };
      }),
    )
    .returning({ position: events.position });
  const last = Math.max(...rows.map((r) => r.position));
  // A wake-up call only: the projector always reads the data from the table.
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${String(last)})`);
  return last;
}
