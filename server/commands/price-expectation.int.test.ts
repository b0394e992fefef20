// A customer's order carries the price they saw: if it changed meanwhile,
// nothing is written and the answer says what it costs now (decision 007).
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, testDb } from '@/server/testing/fixtures';

const handle = testDb(2);
let alice: ApiClient, admin: ApiClient;

beforeAll(async () => {
  [alice, admin] = await Promise.all([ApiClient.signedIn('alice@example.com'), ApiClient.signedIn('admin@example.com')]);
});

async function state(bookId: string) {
  const [row] = await handle.sql<{ stock: number; orders: string; head: string }[]>`
    select stock, (select count(*) from order_lines where book_id = ${bookId}) as orders, (select max(position) from events) as head
      from books where id = ${bookId}`;
  return row!;
}

describe('an order decided from a stale price', () => {
  it('is refused with 409 price_changed and the current price, and writes nothing', async () => {
    const { bookId } = await addTestBook(admin, 10); // $15.00
    expect((await admin.post(`/api/books/${bookId}/price`, { priceCents: 1999 })).status).toBe(200);
    const before = await state(bookId);
    const res = await alice.post('/api/orders', { lines: [{ bookId, quantity: 1, expectedPriceCents: 1500 }] });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: { code: 'price_changed', message: expect.stringContaining('changed to $19.99 since you looked'), currentPrices: [{ bookId, priceCents: 1999 }] },
    });
    expect(await state(bookId)).toEqual(before);
  });

  it('is placed at the price the customer confirmed, and without an expectation as before', async () => {
    const { bookId } = await addTestBook(admin, 10);
    expect((await admin.post(`/api/books/${bookId}/price`, { priceCents: 1999 })).status).toBe(200);
    const confirmed = await alice.post<{ orderId: string }>('/api/orders', { lines: [{ bookId, quantity: 1, expectedPriceCents: 1999 }] });
    const plain = await alice.post('/api/orders', { lines: [{ bookId, quantity: 1 }] });
    expect([confirmed.status, plain.status]).toEqual([201, 201]);
    const [order] = await handle.sql<{ total_cents: number }[]>`select total_cents from orders where id = ${confirmed.body.orderId}`;
    expect(order!.total_cents).toBe(1999);
    expect((await state(bookId)).stock).toBe(8);
  });

  it('rejects an expected price that is not a price', async () => {
    const { bookId } = await addTestBook(admin, 10);
    const res = await alice.post('/api/orders', { lines: [{ bookId, quantity: 1, expectedPriceCents: -5 }] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'validation_failed', fields: { 'lines.0.expectedPriceCents': [expect.any(String)] } } });
  });
});
