// The stack's own Postgres or Redis is stopped and started again while the web
// servers and the worker keep running: what users get meanwhile, and that
// everything comes back by itself with nothing lost or half-applied.
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { BookResponse, OrderView, Page, ProjectionStatus } from '@/server/contracts/api';

type OrderListResponse = Page<OrderView>;
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, testDb } from '@/server/testing/fixtures';
import { controlService } from '@/server/testing/service-control';
import { waitFor } from '@/server/testing/worker-process';

const control = (name: 'postgres' | 'redis', action: 'stop' | 'start') => controlService(inject('serviceControlUrl'), name, action);
const handle = testDb(2);

afterAll(async () => {
  // Never leave the shared stack without its services, even when an assertion failed midway.
  await control('postgres', 'start').catch(() => undefined);
  await control('redis', 'start').catch(() => undefined);
  await handle.sql.end({ timeout: 1 });
});

describe('Postgres down', () => {
  it('commands answer 503 and save nothing, reads from Redis keep working, and a retry succeeds exactly once after it returns', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await ApiClient.signedIn('alice@example.com');
    const anonymous = new ApiClient(inject('webUrls')[1]);
    const { bookId, position } = await addTestBook(admin, 10);
    await admin.waitForProjection(position);

    await control('postgres', 'stop');
    try {
      const order = () => alice.post('/api/orders', { lines: [{ bookId, quantity: 2 }] }, { 'idempotency-key': `pg-down-${bookId}` });
      const refused = await order();
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ error: { code: 'unavailable', message: expect.stringMatching(/unavailable/) } });
      expect((await admin.post(`/api/books/${bookId}/restock`, { quantity: 5 })).status).toBe(503);

      // Reads are served by Redis and do not need Postgres.
      const book = await anonymous.get<BookResponse>(`/api/books/${bookId}`);
      expect(book.status).toBe(200);
      expect(book.body.projection.source).toBe('read-model');
      expect(book.body.book.stock).toBe(10);
      expect((await alice.get<OrderListResponse>('/api/orders')).status).toBe(200);
      expect((await anonymous.get('/api/books?q=test')).status).toBe(200);
      const health = await anonymous.get<{ status: string; problems: string[] }>('/api/health');
      expect(health).toMatchObject({ status: 503, body: { status: 'degraded', problems: ['postgres unreachable'] } });

      await control('postgres', 'start');
      // The same command retried with its key until the pools have reconnected: applied once, whatever the number of tries.
      const placed = await waitFor(async () => {
        const res = await order();
        return res.status === 201 && (res.body as { orderId: string; position: number });
      }, 'the command to succeed once Postgres is back');
      expect((await order()).body).toMatchObject({ orderId: placed.orderId });

      const [row] = await handle.sql<{ stock: number; orders: string }[]>`
        select b.stock, (select count(*) from order_lines l where l.book_id = b.id) as orders from books b where b.id = ${bookId}`;
      expect(row).toEqual({ stock: 8, orders: '1' });
      // Nothing half-applied: every order has the event that announced it.
      const [orphans] = await handle.sql<{ n: string }[]>`
        select count(*) as n from orders o where not exists (select 1 from events e where e.type = 'OrderPlaced' and e.payload->>'orderId' = o.id::text)`;
      expect(orphans?.n).toBe('0');

      // The worker recovered too: the order reaches the read model, once.
      await alice.waitForProjection(placed.position);
      const orders = (await alice.get<OrderListResponse>('/api/orders?limit=50')).body.items.filter((o) => o.id === placed.orderId);
      expect(orders).toHaveLength(1);
      expect((await anonymous.get<BookResponse>(`/api/books/${bookId}`)).body.book.stock).toBe(8);
    } finally {
      await control('postgres', 'start');
    }
  });
});

describe('Postgres back after an outage', () => {
  it('the next command succeeds within 2 s of its return, however many were refused while it was down', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const { bookId } = await addTestBook(admin, 10);
    const restock = () => admin.post(`/api/books/${bookId}/restock`, { quantity: 1 });
    await control('postgres', 'stop');
    try {
      // Each refusal is a failed connection attempt, and the pool waits longer after each before it tries again.
      for (let i = 0; i < 24; i++) expect((await restock()).status).toBe(503);
    } finally {
      await control('postgres', 'start');
    }
    const backAt = Date.now();
    await waitFor(async () => (await restock()).status === 200, 'a command to succeed after the restart', 10_000);
    expect(Date.now() - backAt).toBeLessThan(2_000);
  });
});

describe('Redis down, then back empty', () => {
  it('reads fall back to Postgres and say why, commands still work, and the read models are rebuilt by themselves', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await ApiClient.signedIn('alice@example.com');
    const { bookId, position } = await addTestBook(admin, 10);
    await admin.waitForProjection(position);

    await control('redis', 'stop');
    try {
      const book = await alice.get<BookResponse>(`/api/books/${bookId}`);
      expect(book.status).toBe(200);
      expect(book.body.projection).toMatchObject({ source: 'primary', readModel: 'unavailable' });
      const status = (await admin.get<ProjectionStatus>('/api/projection')).body;
      expect(status.readModel).toBe('unavailable');

      const placed = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 3 }] });
      expect(placed.status).toBe(201);
      const mine = await alice.get<OrderListResponse>('/api/orders');
      expect(mine.status).toBe(200);
      expect(mine.body.projection).toMatchObject({ source: 'primary', readModel: 'unavailable' });
      expect(mine.body.items.map((o) => o.id)).toContain(placed.body.orderId);

      await control('redis', 'start');
      await waitFor(async () => (await admin.get<ProjectionStatus>('/api/projection')).body.readModel === 'ready', 'the read models to be rebuilt', 30_000);
      const after = await alice.get<BookResponse>(`/api/books/${bookId}`);
      expect(after.body.projection.source).toBe('read-model');
      expect(after.body.book.stock).toBe(7);
      await alice.waitForProjection(placed.body.position);
      const orders = (await alice.get<OrderListResponse>('/api/orders?limit=50')).body;
      expect(orders.projection.source).toBe('read-model');
      expect(orders.items.filter((o) => o.id === placed.body.orderId)).toHaveLength(1);
    } finally {
      await control('redis', 'start');
    }
  });
});

describe('Postgres restarted under load', () => {
  it('answers every command that was in flight (503 or done, never left waiting) and the next ones succeed', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const { bookId } = await addTestBook(admin, 10);
    // Longer than any outage here lasts: a request still unanswered by then is one the web process has lost.
    const ANSWER_WITHIN_MS = 20_000;
    const unanswered: string[] = [];
    let answered = 0;
    let stopping = false;
    const restock = () => admin.post(`/api/books/${bookId}/restock`, { quantity: 1 });
    const loop = async () => {
      while (!stopping) {
        const sentAt = new Date().toISOString();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const answer = await Promise.race([restock().then((r) => r.status, () => 'transport error'), new Promise<'none'>((resolve) => (timer = setTimeout(() => resolve('none'), ANSWER_WITHIN_MS)))]);
        clearTimeout(timer);
        if (answer === 'none') return void unanswered.push(`a restock sent at ${sentAt}`);
        answered++;
      }
    };
    // Enough at once that some are mid-transaction on every pooled connection when Postgres goes.
    const loops = Array.from({ length: 16 }, loop);
    try {
      await waitFor(async () => answered > 50, 'the load to get going');
      await control('postgres', 'stop');
      await control('postgres', 'start');
      await waitFor(async () => (await restock()).status === 200, 'a command to succeed after the restart');
    } finally {
      stopping = true;
      await Promise.all(loops);
    }
    expect(unanswered).toEqual([]);
  });
});
