// Every command and query checks who is asking, over the API.
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';

let anonymous: ApiClient, alice: ApiClient, bob: ApiClient, admin: ApiClient;
let bookId: string;
let alicesOrder: string;

beforeAll(async () => {
  anonymous = new ApiClient();
  [alice, bob, admin] = await Promise.all([
    ApiClient.signedIn('alice@example.com'),
    ApiClient.signedIn('bob@example.com'),
    ApiClient.signedIn('admin@example.com'),
  ]);
  ({ bookId } = await addTestBook(admin, 50));
  const placed = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
  alicesOrder = placed.body.orderId;
  await alice.waitForProjection(placed.body.position);
});

const who = () => ({ anonymous, customer: alice, admin });

describe('commands', () => {
  it.each([
    ['add a book', () => ['/api/books', { title: 'T', author: 'A', priceCents: 100, stock: 1 }] as const, { anonymous: 401, customer: 403, admin: 201 }],
    ['change a price', () => [`/api/books/${bookId}/price`, { priceCents: 2000 }] as const, { anonymous: 401, customer: 403, admin: 200 }],
    ['restock', () => [`/api/books/${bookId}/restock`, { quantity: 1 }] as const, { anonymous: 401, customer: 403, admin: 200 }],
    ['place an order', () => ['/api/orders', { lines: [{ bookId, quantity: 1 }] }] as const, { anonymous: 401, customer: 201, admin: 403 }],
  ])('%s: only the right role may', async (_name, request, expected) => {
    const [path, body] = request();
    for (const [role, client] of Object.entries(who())) {
      const res = await client.post(path, body);
      expect({ role, status: res.status }).toEqual({ role, status: expected[role as keyof typeof expected] });
    }
  });

  it("lets only the owner cancel an order; to anyone else it does not exist", async () => {
    expect((await anonymous.post(`/api/orders/${alicesOrder}/cancel`)).status).toBe(401);
    expect((await admin.post(`/api/orders/${alicesOrder}/cancel`)).status).toBe(403);
    const bobs = await bob.post(`/api/orders/${alicesOrder}/cancel`);
    expect(bobs.status).toBe(404);
    expect(bobs.body).toMatchObject({ error: { code: 'not_found' } });
    const own = await alice.post(`/api/orders/${alicesOrder}/cancel`);
    expect(own.status).toBe(200);
    expect((await alice.post(`/api/orders/${alicesOrder}/cancel`)).body).toMatchObject({ error: { code: 'order_not_cancellable' } });
  });

  it('treats a forged or tampered session cookie as signed out', async () => {
    const sealed = alice.cookieHeader().match(/bookstore_session=([^;]+)/)![1]!;
    for (const forged of ['not-a-seal', `${sealed.slice(0, -4)}AAAA`]) {
      const res = await anonymous.post('/api/orders', { lines: [{ bookId, quantity: 1 }] }, { cookie: `bookstore_session=${forged}` });
      expect({ forged, status: res.status, body: res.body }).toMatchObject({ forged, status: 401, body: { error: { code: 'unauthenticated' } } });
    }
  });

  it('refuses a state-changing request from another site', async () => {
    const res = await alice.post('/api/orders', { lines: [{ bookId, quantity: 1 }] }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'forbidden' } });
  });
});

describe('queries', () => {
  it.each(['/api/books', () => `/api/books/${bookId}`, '/api/books/bestsellers', '/api/projection'])('%s is public', async (path) => {
    const res = await anonymous.get(typeof path === 'function' ? path() : path);
    expect(res.status).toBe(200);
  });

  it('order history needs a signed-in customer', async () => {
    expect((await anonymous.get('/api/orders')).status).toBe(401);
    expect((await admin.get('/api/orders')).status).toBe(403);
    expect((await alice.get('/api/orders')).status).toBe(200);
  });

  it("never shows a customer another customer's orders", async () => {
    const mine = await alice.get<{ items: { id: string }[] }>('/api/orders?limit=500');
    expect(mine.body.items.map((o) => o.id)).toContain(alicesOrder);
    const bobs = await bob.get<{ items: { id: string }[] }>('/api/orders?limit=500');
    expect(bobs.body.items.map((o) => o.id)).not.toContain(alicesOrder);
    const peek = await bob.get(`/api/orders/${alicesOrder}`);
    expect(peek.status).toBe(404);
    expect(JSON.stringify(peek.body)).not.toContain(bookId);
    expect((await alice.get(`/api/orders/${alicesOrder}`)).status).toBe(200);
  });

  it('lab settings are for admins only', async () => {
    expect((await anonymous.get('/api/lab')).status).toBe(401);
    expect((await alice.get('/api/lab')).status).toBe(403);
    expect((await alice.request('PUT', '/api/lab', { paused: true })).status).toBe(403);
    expect((await admin.get('/api/lab')).status).toBe(200);
  });

  it('the session endpoint tells who is signed in, and sign-out forgets it', async () => {
    const client = await ApiClient.signedIn('bob@example.com');
    expect((await client.get('/api/session')).body).toMatchObject({ user: { email: 'bob@example.com', role: 'customer' } });
    await client.request('DELETE', '/api/session');
    expect((await client.get('/api/session')).body).toEqual({ user: null });
    expect((await new ApiClient().post('/api/session', { email: 'bob@example.com', password: 'wrong' })).status).toBe(401);
  });
});
