// Appending to the log is the one place where write concurrency is serialized.
//
// Why: a sequence alone is not a safe cursor. Two transactions can draw
// positions 7 and 8 and commit 8 first; a projector reading "after 6" then sees
// 8, moves on, and skips 7 forever. Holding a transaction-scoped advisory lock
// from drawing the position until commit makes positions become visible in
// order. The lock is taken as late as possible (after the command has done its
// checks and row updates), so only the final insert + commit is serialized.
// See docs/decisions/001-gap-free-event-log.md for the alternatives.
import type { PendingQuery } from 'postgres';
import type { Sql } from '@/db/client';
import { NOTICE_MAX_BYTES } from './appended-notice';
import type { PendingEvent } from './types';

/** Arbitrary but fixed: the advisory lock key that guards the event log's tail. */
export const APPEND_LOCK_KEY = 7_001;
export const EVENTS_CHANNEL = 'events_appended';

/** What a command records about itself in the same statement (its idempotency result, completed with the position). */
export interface CommandRecord {
  userId: string;
  key: string;
  /** Stored as the command's result with `position` added. */
  result: object;
}

export type AppendRows = { position: string }[];

/**
 * The append, as one statement not yet sent, for `sql` a transaction's
 * connection (db/transaction.ts): a command sends it together with its COMMIT
 * (`tx.commitWith`), so the lock is held for the statement and the commit,
 * never for a client's reaction time. Read the position with `lastPosition`.
 *
 * One statement: taking the lock, drawing positions, inserting, the wake-up
 * NOTIFY and (for a command) its idempotency record. Statement by statement,
 * the lock would also cover the round trips between them, and every writer
 * queues behind that (measured by `npm run bench`, scenario 2).
 */
export function appendStatement(sql: Sql, pending: readonly PendingEvent[], record?: CommandRecord): PendingQuery<AppendRows> {
  if (pending.length === 0) throw new Error('appending events needs at least one event');
  const rows = JSON.stringify(
    pending.map((p, ord) => {
      const { type, ...payload } = p.event;
      return { ord, type, aggregate_type: p.aggregateType, aggregate_id: p.aggregateId, aggregate_version: p.aggregateVersion, payload };
    }),
  );
  // The insert selects from `locked`, so no position is drawn before the lock is held.
  // A plain SELECT in a CTE runs only if referenced: the final SELECT references `notified`.
  // The notice carries the events when they fit (appended-notice.ts); its text is built here,
  // under the lock, in microseconds, and saves the projector reading them back.
  return sql<AppendRows>`
    with locked as (select pg_advisory_xact_lock(${APPEND_LOCK_KEY})),
    inserted as (
      insert into events (type, aggregate_type, aggregate_id, aggregate_version, payload)
      select e.type, e.aggregate_type, e.aggregate_id, e.aggregate_version, e.payload
        from locked, jsonb_to_recordset(${rows}::jsonb)
          as e(ord int, type text, aggregate_type text, aggregate_id uuid, aggregate_version int, payload jsonb)
       order by e.ord
      returning position, type, aggregate_version, payload, occurred_at
    ),
    head as (select max(position) as position from inserted),
    notice as (
      select json_build_object(
               'head', head.position,
               'events', (select json_agg(inserted order by inserted.position) from inserted))::text as full_text
        from head
    ),
    notified as (
      select pg_notify(${EVENTS_CHANNEL},
               case when octet_length(notice.full_text) <= ${NOTICE_MAX_BYTES} then notice.full_text
                    else json_build_object('head', head.position)::text end)
        from head, notice
    )
    ${
      record
        ? sql`, recorded as (
            update idempotency_keys
               set result = ${JSON.stringify(record.result)}::jsonb || jsonb_build_object('position', (select position from head))
             where user_id = ${record.userId} and key = ${record.key})`
        : sql``
    }
    select head.position from head, notified`;
}

/** Appends inside the caller's open transaction and returns the last position. */
export async function appendEvents(sql: Sql, pending: readonly PendingEvent[], record?: CommandRecord): Promise<number> {
  return lastPosition(await appendStatement(sql, pending, record));
}

export function lastPosition(rows: AppendRows): number {
  const position = Number(rows[0]?.position);
  if (!Number.isSafeInteger(position)) throw new Error('appending events returned no position');
  return position;
}
