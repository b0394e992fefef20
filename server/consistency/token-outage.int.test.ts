// Read-your-writes across a Redis outage. A browser's token lives in Redis, so
// a write answered while Redis is out of reach cannot raise it; the first read
// after Redis returns, from a read model that has not caught up, would then
// miss the browser's own write. One more web process reaches Redis through a
// relay the test cuts and restores, while the stack's Redis and its worker
// (paused, so the read model stays behind) carry on.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { OrderView } from '@/server/contracts/api';
import type { Child } from '@/server/dev/child-process';
import { freePort } from '@/server/dev/free-port';
import { ApiClient } from '@/server/testing/api-client';
import { startExtraWeb } from '@/server/testing/extra-web';
import { tcpRelay, type TcpRelay } from '@/server/testing/tcp-relay';
import { addTestBook } from '@/server/testing/fixtures';
import { waitFor } from '@/server/testing/worker-process';

let web: Child;
let url: string;
let relay: TcpRelay;

beforeAll(async () => {
  const relayPort = await freePort();
  relay = tcpRelay(relayPort, new URL(inject('redisUrl')));
  await relay.on();
  ({ url, web } = await startExtraWeb('relayed-redis', { REDIS_URL: `redis://127.0.0.1:${relayPort}`, COMMAND_RATE_LIMIT: '0' }));
});

afterAll(async () => {
  await ApiClient.signedIn('admin@example.com').then((admin) => admin.request('PUT', '/api/lab', { paused: false }));
  await web?.stop();
  await relay?.off();
});

describe('read-your-writes across a Redis outage', () => {
  it('an order placed while Redis was out of reach is read back from Postgres after Redis returns, while the read model lacks it', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await ApiClient.signedIn('alice@example.com', url);
    const { bookId, position } = await addTestBook(admin, 10);
    await admin.waitForProjection(position);
    expect((await admin.request('PUT', '/api/lab', { paused: true })).status).toBe(200);

    await relay.off();
    const placed = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
    expect(placed.status).toBe(201);
    await relay.on();
    // Back on the read model: an eventual read of the book is served by Redis again.
    await waitFor(async () => (await alice.get<{ projection: { source: string } }>(`/api/books/${bookId}`)).body.projection.source === 'read-model', 'the web process to reach Redis again', 15_000);

    const mine = await alice.get<{ order: OrderView; projection: { source: string; position: number } }>(`/api/orders/${placed.body.orderId}?consistency=read-your-writes`);
    expect(mine.status).toBe(200);
    expect(mine.body.order.id).toBe(placed.body.orderId);
    expect(mine.body.projection.source).toBe('primary');
    expect(mine.body.projection.position).toBeGreaterThanOrEqual(placed.body.position);
    // The read model really is behind: without the strategy the order is not there.
    expect((await alice.get(`/api/orders/${placed.body.orderId}`)).status).toBe(404);
  });

  it('two writes answered while Redis was out of reach, their answers landing in reverse order: the browser keeps the later floor', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await ApiClient.signedIn('alice@example.com', url);
    expect((await admin.request('PUT', '/api/lab', { paused: false })).status).toBe(200);
    const { bookId, position } = await addTestBook(admin, 10);
    await admin.waitForProjection(position);

    await relay.off();
    // Two requests sent with the same cookies, as a browser sends overlapping ones.
    const [first, second] = [alice.fork(), alice.fork()];
    const a = await first.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
    expect(a.status).toBe(201);
    // The read model gets the first order, not the second.
    await admin.waitForProjection(a.body.position);
    expect((await admin.request('PUT', '/api/lab', { paused: true })).status).toBe(200);
    const b = await second.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
    expect(b.status).toBe(201);
    // The second answer lands first, the first last: one floor cookie would now name the first order's position.
    alice.applySetCookies(second.received);
    alice.applySetCookies(first.received);
    await relay.on();
    await waitFor(async () => (await alice.get<{ projection: { source: string } }>(`/api/books/${bookId}`)).body.projection.source === 'read-model', 'the web process to reach Redis again', 15_000);

    // The read model has the first order and lacks the second: it must not answer for this browser.
    expect((await alice.get(`/api/orders/${b.body.orderId}`)).status).toBe(404);
    const mine = await alice.get<{ order: OrderView; projection: { source: string; position: number } }>(`/api/orders/${b.body.orderId}?consistency=read-your-writes`);
    expect(mine.status).toBe(200);
    expect(mine.body.order.id).toBe(b.body.orderId);
    expect(mine.body.projection.position).toBeGreaterThanOrEqual(b.body.position);
  });
});
