// Load: 20 customers order the same few books concurrently for 60 s
// (LOAD_SECONDS to change). Nothing oversold, every acknowledged order in the
// read model exactly once, and Redis agrees with Postgres on every stock.
import { afterAll, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { hashPassword } from '@/server/auth/password';
import type { BookView } from '@/server/contracts/api';
import { activeReadModelKeys } from '@/server/projector/keys';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, testDb, testRedis } from '@/server/testing/fixtures';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CUSTOMERS = 20;
const handle = testDb();
const { redis } = testRedis(0);

afterAll(async () => {
  await handle.sql.end();
  redis.disconnect();
});

describe('load', () => {
  it(`${CUSTOMERS} customers ordering the same books for ${SECONDS} s: no oversell, every order exactly once, stocks agree`, { timeout: (SECONDS + 60) * 1000 }, async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const books = await Promise.all([3000, 3000, 3000].map((stock) => addTestBook(admin, stock)));
    const passwordHash = await hashPassword('bookstore');
    const emails = Array.from({ length: CUSTOMERS }, (_, i) => `load-${i}-${crypto.randomUUID().slice(0, 6)}@example.com`);
    await handle.db.insert(users).values(emails.map((email, i) => ({ email, name: `Load ${i}`, role: 'customer' as const, passwordHash })));
    const customers = await Promise.all(emails.map((e) => ApiClient.signedIn(e)));

    const acknowledged = new Map<string, { customer: number; bookId: string; quantity: number; position: number }>();
    let refused = 0;
    const until = Date.now() + SECONDS * 1000;
    await Promise.all(
      customers.map(async (client, c) => {
        for (let i = 0; Date.now() < until; i++) {
          const book = books[(c + i) % books.length]!;
          const quantity = 1 + ((c * 7 + i) % 3);
          const res = await client.post<{ orderId: string; position: number; error?: { code: string } }>('/api/orders', { lines: [{ bookId: book.bookId, quantity }] });
          if (res.status === 201) acknowledged.set(res.body.orderId, { customer: c, bookId: book.bookId, quantity, position: res.body.position });
          else if (res.status === 409 && res.body.error?.code === 'insufficient_stock') refused++;
          else throw new Error(`unexpected ${res.status} ${JSON.stringify(res.body)}`);
        }
      }),
    );
    expect(acknowledged.size).toBeGreaterThan(0);
    console.log(`load: ${acknowledged.size} orders acknowledged, ${refused} refused for stock, in ${SECONDS} s`);

    // Postgres: sold exactly what was acknowledged, never below zero.
    for (const book of books) {
      const sold = [...acknowledged.values()].filter((o) => o.bookId === book.bookId).reduce((n, o) => n + o.quantity, 0);
      const [row] = await handle.sql<{ stock: number }[]>`select stock from books where id = ${book.bookId}`;
      expect(row!.stock).toBe(3000 - sold);
      expect(row!.stock).toBeGreaterThanOrEqual(0);
    }

    // Read model: caught up, every acknowledged order present once, under its customer, stocks equal.
    await admin.waitForProjection(Math.max(...[...acknowledged.values()].map((o) => o.position)), 60_000);
    const ids = await handle.sql<{ id: string }[]>`select id from users where email in ${handle.sql(emails)}`;
    expect(ids).toHaveLength(CUSTOMERS);
    const keys = await activeReadModelKeys(redis);
    let listed = 0;
    for (const { id } of ids) {
      const orderIds = await redis.zrange(keys.customerOrders(id), '0', '-1');
      expect(new Set(orderIds).size).toBe(orderIds.length);
      listed += orderIds.length;
      for (const orderId of orderIds) expect(acknowledged.has(orderId)).toBe(true);
    }
    expect(listed).toBe(acknowledged.size);
    for (const book of books) {
      const [row] = await handle.sql<{ stock: number }[]>`select stock from books where id = ${book.bookId}`;
      const projected = JSON.parse((await redis.get(keys.book(book.bookId)))!) as BookView;
      expect(projected.stock).toBe(row!.stock);
    }
  });
});
