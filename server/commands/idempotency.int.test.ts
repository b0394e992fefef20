// A retried command (same Idempotency-Key) returns the first result and changes nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, testDb } from '@/server/testing/fixtures';

const handle = testDb();
afterAll(() => handle.sql.end());

async function stockOf(bookId: string) {
  const [row] = await handle.sql<{ stock: number }[]>`select stock from books where id = ${bookId}`;
  return row?.stock;
}

async function eventsFor(bookId: string) {
  const [row] = await handle.sql<{ n: number }[]>`select count(*)::int as n from events where aggregate_id = ${bookId}`;
  return row?.n;
}

describe('idempotent commands', () => {
  it('applies a retried order once and returns the first result', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await ApiClient.signedIn('alice@example.com');
    const { bookId } = await addTestBook(admin, 10);
    const key = crypto.randomUUID();
    const order = { lines: [{ bookId, quantity: 2 }] };

    const first = await alice.post('/api/orders', order, { 'idempotency-key': key });
    const retry = await alice.post('/api/orders', order, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await stockOf(bookId)).toBe(8);
    expect(await eventsFor(bookId)).toBe(2); // BookAdded + one reservation
    // The answer says what the write side has after it (the Lab checks its panes against this).
    const [charged] = await handle.sql<{ total_cents: number }[]>`select total_cents from orders where id = ${String(first.body.orderId)}`;
    expect(first.body).toMatchObject({ totalCents: charged?.total_cents, stockAfter: { [bookId]: 8 } });
  });

  it('replays the first result even when the command would now be refused', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await ApiClient.signedIn('alice@example.com');
    const { bookId } = await addTestBook(admin, 2);
    const key = crypto.randomUUID();
    const order = { lines: [{ bookId, quantity: 2 }] };

    const first = await alice.post('/api/orders', order, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    // The last copies are gone: the same order with a new key is refused, the retry is not.
    const fresh = await alice.post('/api/orders', order);
    expect(fresh.body).toMatchObject({ error: { code: 'insufficient_stock' } });
    const retry = await alice.post('/api/orders', order, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await stockOf(bookId)).toBe(0);
  });

  it('applies concurrent duplicates once', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await ApiClient.signedIn('alice@example.com');
    const { bookId } = await addTestBook(admin, 10);
    const key = crypto.randomUUID();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => alice.post('/api/orders', { lines: [{ bookId, quantity: 1 }] }, { 'idempotency-key': key })),
    );
    for (const r of results) expect(r.body).toEqual(results[0]!.body);
    expect(await stockOf(bookId)).toBe(9);
  });

  it('refuses the same key for a different request', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await ApiClient.signedIn('alice@example.com');
    const { bookId } = await addTestBook(admin, 10);
    const key = crypto.randomUUID();
    await alice.post('/api/orders', { lines: [{ bookId, quantity: 1 }] }, { 'idempotency-key': key });
    const other = await alice.post('/api/orders', { lines: [{ bookId, quantity: 3 }] }, { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    expect(await stockOf(bookId)).toBe(9);
  });

  it('keeps keys per user: the same key from another customer is a new command', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const [alice, bob] = await Promise.all([ApiClient.signedIn('alice@example.com'), ApiClient.signedIn('bob@example.com')]);
    const { bookId } = await addTestBook(admin, 10);
    const key = crypto.randomUUID();
    const a = await alice.post<{ orderId: string }>('/api/orders', { lines: [{ bookId, quantity: 1 }] }, { 'idempotency-key': key });
    const b = await bob.post<{ orderId: string }>('/api/orders', { lines: [{ bookId, quantity: 1 }] }, { 'idempotency-key': key });
    expect(a.body.orderId).not.toBe(b.body.orderId);
    expect(await stockOf(bookId)).toBe(8);
  });
});
