// GET /api/lab/log: the tail of the event log for anyone signed in, without payloads.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventLogTail } from '@/server/contracts/api';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';
import { waitFor } from '@/server/testing/worker-process';

let alice: ApiClient, bob: ApiClient, admin: ApiClient;
let bookId: string;

beforeAll(async () => {
  [alice, bob, admin] = await Promise.all([ApiClient.signedIn('alice@example.com'), ApiClient.signedIn('bob@example.com'), ApiClient.signedIn('admin@example.com')]);
  ({ bookId } = await addTestBook(admin, 10));
});

describe('the event-log tail', () => {
  it('is for signed-in users only', async () => {
    expect(await new ApiClient().get('/api/lab/log')).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect((await admin.get('/api/lab/log')).status).toBe(200);
  });

  it.each(['0', '51', 'abc', '2.5', ''])('refuses limit=%j', async (limit) => {
    const res = await bob.get(`/api/lab/log?limit=${limit}`);
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', fields: { limit: [expect.any(String)] } } } });
  });

  it('answers the newest 20 events by default, oldest first, ending at the head', async () => {
    const { body } = await bob.get<EventLogTail>('/api/lab/log');
    expect(body.events).toHaveLength(20);
    const positions = body.events.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(body.headPosition).toBe(positions.at(-1));
    expect(body.checkpoint).toBeLessThanOrEqual(body.headPosition);
  });

  it("ends with an order just placed, shows another customer none of its data, and the checkpoint reaches it", async () => {
    const placed = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 2 }] });
    expect(placed.status).toBe(201);
    const { orderId, position } = placed.body;

    const res = await bob.get<EventLogTail>('/api/lab/log?limit=5');
    expect(res.status).toBe(200);
    const { events, headPosition } = res.body;
    expect(events).toHaveLength(5);
    expect(headPosition).toBe(position);
    // One append: the order, then the stock it reserved; the command's position is its last event.
    expect(events.slice(-2).map(({ position, type }) => ({ position, type }))).toEqual([
      { position: position - 1, type: 'OrderPlaced' },
      { position, type: 'BookStockReserved' },
    ]);
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(['occurredAt', 'position', 'type']);
      expect(new Date(event.occurredAt).toISOString()).toBe(event.occurredAt);
    }
    const raw = JSON.stringify(res.body);
    for (const secret of [orderId, bookId, 'lines', 'payload', 'customerId']) expect(raw).not.toContain(secret);

    const caughtUp = await waitFor(async () => {
      const tail = (await bob.get<EventLogTail>('/api/lab/log?limit=1')).body;
      return tail.checkpoint !== null && tail.checkpoint >= position && tail;
    }, 'the checkpoint in the tail to reach the order');
    expect(caughtUp.checkpoint).toBe(position);
  });
});
