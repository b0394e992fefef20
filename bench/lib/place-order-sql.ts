// Scenario 2's baseline: the statements the place-order command sends to
// Postgres in steady state (server/commands/define-command.ts, place-order.ts
// and server/events/append-events.ts), issued straight through postgres.js
// with no HTTP, no Next, no session, no drizzle. Kept statement for statement
// so the ratio measures only what the app adds; `checkBaselineShape` compares
// it with what the real command sends and warns when the app has changed.
//
// Steady state: the lab's "fail next command" UPDATE is skipped while the web
// process knows it is disarmed (server/lab/command-faults.ts), so it is
// not here either.
import { hash, randomUUID } from 'node:crypto';
import type { Sql } from '@/db/client';
import { APPEND_LOCK_KEY, EVENTS_CHANNEL } from '@/server/events/append-events';
import { NOTICE_MAX_BYTES } from '@/server/events/appended-notice';

interface LockedBook {
  id: string;
  title: string;
  price_cents: number;
  stock: number;
  version: number;
}

/** Places a one-line order for `bookId` as `customerId`; returns the last event position. */
export async function placeOrderSql(sql: Sql, customerId: string, bookId: string): Promise<number> {
  const key = randomUUID();
  const orderId = randomUUID();
  const lines = [{ bookId, quantity: 1 }];
  const requestHash = hash('sha256', `place-order\n${JSON.stringify({ lines })}`);
  // As db/transaction.ts and define-command.ts run it, on a connection of its own: BEGIN, the
  // idempotency claim and the row lock in one write; then the writes, the append and COMMIT in another.
  const tx = await sql.reserve();
  try {
    const begun = tx`begin`.execute();
    const claimed = tx`insert into idempotency_keys (user_id, key, command, request_hash)
             values (${customerId}, ${key}, 'place-order', ${requestHash})
             on conflict do nothing returning key`.execute();
    const [book] = await tx<LockedBook[]>`
      select id, title, price_cents, stock, version from books where id in ${tx([bookId])} order by id for update`;
    await Promise.all([begun, claimed]);
    if (!book || book.stock < 1) throw new Error('book missing or out of stock');
    const now = new Date().toISOString();
    const stock = book.stock - 1;
    const version = book.version + 1;
    const written = Promise.all([
      tx`insert into orders (id, customer_id, status, total_cents, placed_at, version)
         values (${orderId}, ${customerId}, 'placed', ${book.price_cents}, ${now}, 1)`.execute(),
      tx`insert into order_lines (order_id, book_id, title, quantity, price_cents)
         values (${orderId}, ${bookId}, ${book.title}, 1, ${book.price_cents})`.execute(),
      tx`update books set stock = ${stock}, version = ${version} where id = ${bookId}`.execute(),
    ]);
    const events = [
      {
        ord: 0,
        type: 'OrderPlaced',
        aggregate_type: 'order',
        aggregate_id: orderId,
        aggregate_version: 1,
        payload: { orderId, customerId, lines: [{ bookId, title: book.title, quantity: 1, priceCents: book.price_cents }], totalCents: book.price_cents, placedAt: now },
      },
      { ord: 1, type: 'BookStockReserved', aggregate_type: 'book', aggregate_id: bookId, aggregate_version: version, payload: { bookId, orderId, quantity: 1, stock } },
    ];
    // The append: lock, insert, the NOTIFY carrying the events and the idempotency record in one statement, as appendEvents does.
    const append = tx<{ position: string }[]>`
      with locked as (select pg_advisory_xact_lock(${APPEND_LOCK_KEY})),
      inserted as (
        insert into events (type, aggregate_type, aggregate_id, aggregate_version, payload)
        select e.type, e.aggregate_type, e.aggregate_id, e.aggregate_version, e.payload
          from locked, jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
            as e(ord int, type text, aggregate_type text, aggregate_id uuid, aggregate_version int, payload jsonb)
         order by e.ord
        returning position, type, aggregate_version, payload, occurred_at
      ),
      head as (select max(position) as position from inserted),
      notice as (
        select json_build_object('head', head.position, 'events', (select json_agg(inserted order by inserted.position) from inserted))::text as full_text
          from head
      ),
      notified as (
        select pg_notify(${EVENTS_CHANNEL},
                 case when octet_length(notice.full_text) <= ${NOTICE_MAX_BYTES} then notice.full_text
                      else json_build_object('head', head.position)::text end)
          from head, notice
      ),
      recorded as (
        update idempotency_keys
           set result = ${JSON.stringify({ ok: true, version: 1, orderId })}::jsonb || jsonb_build_object('position', (select position from head))
         where user_id = ${customerId} and key = ${key})
      select head.position from head, notified`.execute();
    const [, [row]] = await Promise.all([written, append, tx`commit`.execute()]);
    return Number(row!.position);
  } catch (error) {
    await tx`rollback`.catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
}
