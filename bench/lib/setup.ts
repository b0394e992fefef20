// Setup the scenarios need and do not measure: many customers (so orders do
// not all queue on two users' rows), enough stock that no order is refused
// (refusals would flatter throughput), and a way to wait for the projector.
import type { Redis } from 'ioredis';
import type { DbHandle, Sql } from '@/db/client';
import { hashPassword } from '@/server/auth/password';
import { APPEND_LOCK_KEY, EVENTS_CHANNEL } from '@/server/events/append-events';
import { activeReadModelKeys } from '@/server/projector/keys';
import type { Customer } from './context';
import { HttpClient } from './http';
import { sleep } from './timing';

export const BENCH_PASSWORD = 'bookstore';

/** Creates `count` customers straight in the users table and signs each in over HTTP. */
export async function createCustomers({ sql }: DbHandle, webUrls: readonly string[], count: number, timeoutMs?: number): Promise<Customer[]> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const wanted = Array.from({ length: count }, (_, i) => ({
    email: `bench-${i + 1}@example.com`,
    name: `Bench Customer ${i + 1}`,
    role: 'customer',
    password_hash: passwordHash,
  }));
  await sql`insert into users ${sql(wanted)} on conflict (email) do nothing`;
  const rows = await sql<{ id: string; email: string }[]>`
    select id, email from users where email = any(${wanted.map((w) => w.email)}) order by email`;
  return Promise.all(
    rows.map(async (row) => {
      const first = new HttpClient(webUrls[0]!, timeoutMs);
      const res = await first.post('/api/session', { email: row.email, password: BENCH_PASSWORD });
      if (res.status !== 200) throw new Error(`sign-in as ${row.email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      // The session cookie is sealed with the shared secret: every instance accepts it.
      return { id: row.id, email: row.email, clients: webUrls.map((url, i) => (i === 0 ? first : first.on(url))) };
    }),
  );
}

/**
 * Raises every book's stock by `quantity`, the way the restock command does:
 * row update + BookRestocked event in one transaction under the append lock,
 * so the read models follow. Returns the last position.
 */
export async function restockAll(sql: Sql, quantity: number): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`;
    const [row] = await tx<{ last: string | null }[]>`
      with updated as (
        update books set stock = stock + ${quantity}, version = version + 1
        returning id, stock, version
      ), appended as (
        insert into events (type, aggregate_type, aggregate_id, aggregate_version, payload)
        select 'BookRestocked', 'book', id, version,
               jsonb_build_object('bookId', id, 'quantity', ${quantity}::int, 'stock', stock)
        from updated order by id
        returning position
      )
      select max(position)::text as last from appended`;
    const last = Number(row?.last ?? 0);
    await tx`select pg_notify(${EVENTS_CHANNEL}, ${String(last)})`;
    return last;
  }) as Promise<number>;
}

export async function bookIds(sql: Sql): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`select id from books order by id`;
  return rows.map((r) => r.id);
}

export async function logHead(sql: Sql): Promise<number> {
  const [row] = await sql<{ head: string | null }[]>`select max(position)::text as head from events`;
  return Number(row?.head ?? 0);
}

/** Waits until the live read models have applied `position` (reads the checkpoint straight from Redis). */
export async function waitForProjection(redis: Redis, position: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const keys = await activeReadModelKeys(redis);
    const at = Number((await redis.get(keys.checkpoint)) ?? 0);
    if (at >= position) return;
    if (Date.now() > deadline) throw new Error(`projection stuck at ${at}, waiting for ${position}`);
    await sleep(20);
  }
}

/** Lets the projector drain whatever the previous measurement left behind, so it does not bleed into the next. */
export async function settle(sql: Sql, redis: Redis): Promise<void> {
  await waitForProjection(redis, await logHead(sql));
}
