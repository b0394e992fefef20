// The server-side strategies over the API, with the projector paused so the
// read model is visibly behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderView, Page } from '@/server/contracts/api';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';
import { sampleMetric } from '@/server/observability/metrics-text';

let admin: ApiClient, alice: ApiClient;
let bookId: string;

beforeAll(async () => {
  [admin, alice] = await Promise.all([ApiClient.signedIn('admin@example.com'), ApiClient.signedIn('alice@example.com')]);
  const added = await addTestBook(admin, 20);
  bookId = added.bookId;
  await admin.waitForProjection(added.position);
});

afterAll(async () => {
  await admin.request('PUT', '/api/lab', { paused: false, delayMs: 0 });
});

async function placeWhilePaused() {
  await admin.request('PUT', '/api/lab', { paused: true });
  const placed = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
  expect(placed.status).toBe(201);
  return placed.body;
}

const ids = (page: Page<OrderView>) => page.items.map((o) => o.id);

describe('consistency strategies over the API', () => {
  it('eventual shows the raw lag; read-your-writes answers from primary until the read model catches up', async () => {
    const { orderId, position } = await placeWhilePaused();

    const eventual = (await alice.get<Page<OrderView>>('/api/orders')).body;
    expect(ids(eventual)).not.toContain(orderId);
    expect(eventual.projection).toMatchObject({ source: 'read-model' });
    expect(eventual.projection.position).toBeLessThan(position);

    const ryw = (await alice.get<Page<OrderView>>('/api/orders?consistency=read-your-writes')).body;
    expect(ids(ryw)[0]).toBe(orderId);
    expect(ryw.projection.source).toBe('primary');
    expect(ryw.projection.position).toBeGreaterThanOrEqual(position);

    // Monotonic across views: the book page is also served at or after what the session has seen.
    const book = (await alice.get<{ book: { stock: number }; projection: { position: number; source: string } }>(`/api/books/${bookId}?consistency=read-your-writes`)).body;
    expect(book.projection).toMatchObject({ source: 'primary' });
    expect(book.projection.position).toBeGreaterThanOrEqual(ryw.projection.position);

    // Another session has written nothing, so it is not forced to the primary.
    const bob = await ApiClient.signedIn('bob@example.com');
    expect((await bob.get<Page<OrderView>>('/api/orders?consistency=read-your-writes')).body.projection.source).toBe('read-model');

    await admin.request('PUT', '/api/lab', { paused: false });
    await alice.waitForProjection(position);
    const caughtUp = (await alice.get<Page<OrderView>>('/api/orders?consistency=read-your-writes')).body;
    expect(caughtUp.projection.source).toBe('read-model');
    expect(ids(caughtUp)[0]).toBe(orderId);
  });

  it('wait holds the answer until the projector announces the position', async () => {
    const { orderId, position } = await placeWhilePaused();
    const waiting = alice.get<Page<OrderView>>(`/api/orders?consistency=wait&minPosition=${position}&timeoutMs=10000`);
    let settled = false;
    void waiting.then(() => (settled = true));
    // Paused: the request stays open (it would have answered at once otherwise).
    const status = (await admin.get<{ paused: boolean }>('/api/projection')).body;
    expect(status.paused).toBe(true);
    expect(settled).toBe(false);

    await admin.request('PUT', '/api/lab', { paused: false });
    const answer = (await waiting).body;
    expect(answer.projection).toMatchObject({ source: 'read-model' });
    expect(answer.projection.stale).toBeUndefined();
    expect(answer.projection.heldMs).toEqual(expect.any(Number));
    expect(ids(answer)[0]).toBe(orderId);
  });

  it('wait says how long it held the read; the other strategies hold nothing and say nothing', async () => {
    const DELAY = 1000;
    await admin.request('PUT', '/api/lab', { paused: false, delayMs: DELAY });
    const sentAt = performance.now();
    const placed = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
    expect(placed.status).toBe(201);
    const { orderId, position } = placed.body;

    const askedAt = performance.now();
    const answer = (await alice.get<Page<OrderView>>(`/api/orders?consistency=wait&minPosition=${position}&timeoutMs=10000`)).body;
    const waited = performance.now() - askedAt;
    expect(ids(answer)[0]).toBe(orderId);
    expect(answer.projection.stale).toBeUndefined();
    const { heldMs } = answer.projection;
    expect(Number.isInteger(heldMs)).toBe(true);
    // The projector applies the order DELAY ms after it committed (no earlier than sentAt):
    // the server held the read for about what was left of that when we asked, and for no longer than we waited.
    expect(heldMs).toBeGreaterThanOrEqual(DELAY - (askedAt - sentAt) - 200);
    expect(heldMs).toBeGreaterThanOrEqual(waited - 250);
    expect(heldMs).toBeLessThanOrEqual(Math.ceil(waited));

    for (const consistency of ['eventual', 'read-your-writes', 'primary']) {
      const other = (await alice.get<Page<OrderView>>(`/api/orders?consistency=${consistency}`)).body;
      expect({ consistency, projection: other.projection }).not.toHaveProperty('projection.heldMs');
    }
    await admin.request('PUT', '/api/lab', { delayMs: 0 });
  });

  it('wait holds nothing when the read model already has the position', async () => {
    await admin.request('PUT', '/api/lab', { paused: false, delayMs: 0 });
    const placed = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
    expect(placed.status).toBe(201);
    await alice.waitForProjection(placed.body.position);
    const answer = (await alice.get<Page<OrderView>>(`/api/orders?consistency=wait&minPosition=${placed.body.position}`)).body;
    expect(ids(answer)[0]).toBe(placed.body.orderId);
    expect(answer.projection).toMatchObject({ source: 'read-model', heldMs: 0 });
    expect(answer.projection.stale).toBeUndefined();
  });

  it("one's own order read by id before it is projected: read-your-writes answers from Postgres, wait holds until it is there", async () => {
    // The read model says "no such order" at a position behind the write; that is a read behind the token, not a 404.
    const { orderId, position } = await placeWhilePaused();
    expect((await alice.get(`/api/orders/${orderId}`)).status).toBe(404);

    const ryw = await alice.get<{ order: OrderView; projection: { source: string; position: number } }>(`/api/orders/${orderId}?consistency=read-your-writes`);
    expect(ryw.status).toBe(200);
    expect(ryw.body.order.id).toBe(orderId);
    expect(ryw.body.projection.source).toBe('primary');

    const waiting = alice.get<{ order: OrderView; projection: { source: string; heldMs?: number } }>(`/api/orders/${orderId}?consistency=wait&minPosition=${position}&timeoutMs=10000`);
    await admin.request('PUT', '/api/lab', { paused: false });
    const held = await waiting;
    expect(held.status).toBe(200);
    expect(held.body.order.id).toBe(orderId);
    expect(held.body.projection.source).toBe('read-model');

    // Someone else's order stays "no such order" under every strategy, at any position.
    const bob = await ApiClient.signedIn('bob@example.com');
    for (const consistency of ['read-your-writes', 'wait']) {
      expect((await bob.get(`/api/orders/${orderId}?consistency=${consistency}&minPosition=${position}&timeoutMs=300`)).status).toBe(404);
    }
  });

  it('wait says stale when the timeout wins', async () => {
    const { orderId, position } = await placeWhilePaused();
    const started = Date.now();
    const answer = (await alice.get<Page<OrderView>>(`/api/orders?consistency=wait&minPosition=${position}&timeoutMs=400`)).body;
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(answer.projection.stale).toBe(true);
    expect(answer.projection.heldMs).toBeGreaterThanOrEqual(395);
    expect(ids(answer)).not.toContain(orderId);
    await admin.request('PUT', '/api/lab', { paused: false });
  });

  it('wait sent beside the command: held until that very command has committed and been projected', async () => {
    await admin.request('PUT', '/api/lab', { paused: true });
    const key = `beside-${crypto.randomUUID()}`;
    // The read leaves first, as the browser sends it: the command is not even in Postgres yet.
    const waiting = alice.get<Page<OrderView>>(`/api/orders?consistency=wait&afterCommand=${key}&timeoutMs=10000`);
    let settled = false;
    void waiting.then(() => (settled = true));
    const placed = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] }, { 'idempotency-key': key });
    expect(placed.status).toBe(201);
    // Committed but not projected (paused): still held.
    expect((await admin.get<{ paused: boolean }>('/api/projection')).body.paused).toBe(true);
    expect(settled).toBe(false);

    await admin.request('PUT', '/api/lab', { paused: false });
    const answer = (await waiting).body;
    expect(ids(answer)[0]).toBe(placed.body.orderId);
    expect(answer.projection).toMatchObject({ source: 'read-model' });
    expect(answer.projection.position).toBeGreaterThanOrEqual(placed.body.position);
    expect(answer.projection.stale).toBeUndefined();
    expect(answer.projection.heldMs).toBeGreaterThan(0);
  });

  it("wait beside a command: another user's key releases nothing, a signed-out asker and a bad key are refused", async () => {
    await admin.request('PUT', '/api/lab', { paused: false, delayMs: 0 });
    const key = `alices-${crypto.randomUUID()}`;
    const placed = await alice.post<{ position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] }, { 'idempotency-key': key });
    expect(placed.status).toBe(201);
    await alice.waitForProjection(placed.body.position);

    // Alice's own read finds it at once; Bob's, naming her key, finds nothing of his and waits out its timeout.
    expect((await alice.get<Page<OrderView>>(`/api/orders?consistency=wait&afterCommand=${key}`)).body.projection.stale).toBeUndefined();
    const bob = await ApiClient.signedIn('bob@example.com');
    const started = Date.now();
    const bobs = (await bob.get<Page<OrderView>>(`/api/orders?consistency=wait&afterCommand=${key}&timeoutMs=300`)).body;
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(bobs.projection.stale).toBe(true);

    const anonymous = new ApiClient();
    const signedOut = await anonymous.get<{ error: { code: string } }>(`/api/books?consistency=wait&afterCommand=${key}`);
    expect(signedOut.status).toBe(401);
    expect(signedOut.body.error.code).toBe('unauthenticated');
    const tooLong = await alice.get<{ error: { code: string; fields: Record<string, string[]> } }>(`/api/orders?consistency=wait&afterCommand=${'k'.repeat(201)}`);
    expect(tooLong.status).toBe(400);
    expect(Object.keys(tooLong.body.error.fields)).toContain('afterCommand');
  });

  it('a held read whose browser goes away (its command was refused) is held no longer', async () => {
    const heldReads = async () => sampleMetric(await (await fetch(new URL('/api/metrics', admin.baseUrl))).text(), 'bookstore_held_reads') ?? 0;
    await expect.poll(heldReads).toBe(0);
    const gone = new AbortController();
    const read = fetch(new URL(`/api/orders?consistency=wait&afterCommand=refused-${crypto.randomUUID()}&timeoutMs=20000`, alice.baseUrl), {
      headers: { cookie: alice.cookieHeader() },
      signal: gone.signal,
    }).catch(() => 'aborted');
    await expect.poll(heldReads).toBe(1);
    gone.abort();
    expect(await read).toBe('aborted');
    // Well inside the read's own 20 s: the server let go when the request closed.
    await expect.poll(heldReads, { timeout: 3000 }).toBe(0);
  });
});
