// Bad input gets a 4xx with a stable code, never a 500.
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';

let alice: ApiClient, admin: ApiClient;
let bookId: string;

beforeAll(async () => {
  [alice, admin] = await Promise.all([ApiClient.signedIn('alice@example.com'), ApiClient.signedIn('admin@example.com')]);
  ({ bookId } = await addTestBook(admin, 5));
});

const order = (lines: unknown) => ({ lines });

describe('bad input', () => {
  it.each([
    ['malformed JSON', () => alice.post('/api/orders', '{"lines": [', {}), 400, 'bad_request'],
    ['a JSON array instead of an object', () => alice.post('/api/orders', [1, 2]), 400, 'bad_request'],
    ['no JSON content type', () => alice.post('/api/orders', 'lines=1', { 'content-type': 'text/plain' }), 400, 'bad_request'],
    ['wrong types', () => alice.post('/api/orders', order([{ bookId, quantity: 'two' }])), 400, 'validation_failed'],
    ['a negative quantity', () => alice.post('/api/orders', order([{ bookId, quantity: -1 }])), 400, 'validation_failed'],
    ['a huge quantity', () => alice.post('/api/orders', order([{ bookId, quantity: 1e12 }])), 400, 'validation_failed'],
    ['a fractional quantity', () => alice.post('/api/orders', order([{ bookId, quantity: 1.5 }])), 400, 'validation_failed'],
    ['no lines', () => alice.post('/api/orders', order([])), 400, 'validation_failed'],
    ['unknown fields', () => alice.post('/api/orders', { ...order([{ bookId, quantity: 1 }]), discount: 100 }), 400, 'validation_failed'],
    ['a malformed book id', () => alice.post('/api/orders', order([{ bookId: 'nope', quantity: 1 }])), 400, 'validation_failed'],
    ['an unknown book id', () => alice.post('/api/orders', order([{ bookId: crypto.randomUUID(), quantity: 1 }])), 404, 'not_found'],
    ['more than the stock', () => alice.post('/api/orders', order([{ bookId, quantity: 6 }])), 409, 'insufficient_stock'],
    ['an oversized body', () => alice.post('/api/orders', { lines: [], pad: 'x'.repeat(200_000) }), 413, 'payload_too_large'],
    ['a negative price', () => admin.post(`/api/books/${bookId}/price`, { priceCents: -5 }), 400, 'validation_failed'],
    ['a stale expected version', () => admin.post(`/api/books/${bookId}/price`, { priceCents: 999, expectedVersion: 999 }), 409, 'version_conflict'],
    ['restocking an unknown book', () => admin.post(`/api/books/${crypto.randomUUID()}/restock`, { quantity: 1 }), 404, 'not_found'],
    ['an empty title', () => admin.post('/api/books', { title: '  ', author: 'A', priceCents: 100, stock: 1 }), 400, 'validation_failed'],
    ['cancelling an unknown order', () => alice.post(`/api/orders/${crypto.randomUUID()}/cancel`), 404, 'not_found'],
    ['a lab delay that is negative', () => admin.request('PUT', '/api/lab', { delayMs: -1 }), 400, 'validation_failed'],
    ['an oversized Idempotency-Key', () => alice.post('/api/orders', order([{ bookId, quantity: 1 }]), { 'idempotency-key': 'k'.repeat(300) }), 400, 'bad_request'],
  ])('%s', async (_name, send, status, code) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error: { code, message: expect.any(String) } });
  });

  it.each([
    ['/api/books/not-a-uuid', 404, 'not_found'],
    [`/api/books/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, 404, 'not_found'],
    ['/api/books?limit=abc', 400, 'validation_failed'],
    ['/api/books?limit=100000', 400, 'validation_failed'],
    ['/api/orders?limit=501', 400, 'validation_failed'],
  ])('GET %s', async (path, status, code) => {
    const res = await alice.get(path);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error: { code } });
  });

  it('refuses an oversized body sent without a length (chunked) with a 413, not a dropped connection', async () => {
    const chunk = new TextEncoder().encode(`"${'x'.repeat(16 * 1024)}",`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"pad": ['));
      },
      pull(controller) {
        if (sent++ < 16) controller.enqueue(chunk); // 256 KiB in all
        else {
          controller.enqueue(new TextEncoder().encode('""]}'));
          controller.close();
        }
      },
    });
    const res = await fetch(new URL('/api/orders', alice.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: alice.cookieHeader() },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it.each([
    ['GET', `/api/orders/${crypto.randomUUID()}/cancel`],
    ['PUT', `/api/books/${crypto.randomUUID()}/price`],
    ['DELETE', `/api/books/${crypto.randomUUID()}/restock`],
  ])('%s %s: a command path answers 405 to any other method', async (method, path) => {
    const res = await fetch(new URL(path, alice.baseUrl), { method, headers: { cookie: alice.cookieHeader() } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  });

  it('names the offending field', async () => {
    const res = await alice.post<{ error: { fields: Record<string, string[]> } }>('/api/orders', order([{ bookId, quantity: 0 }]));
    expect(Object.keys(res.body.error.fields)).toEqual(['lines.0.quantity']);
  });
});
