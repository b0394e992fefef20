// Property: whatever a client sends to a command or a query, the answer is
// never a 500. fast-check generates bodies (any JSON, and objects shaped like
// each command's input with any values in its fields), path ids and query
// parameters; each answer must be below 500 and, when refused, say why in the
// one ApiError shape. Sign-in is left out: its failures are throttled per
// address, and this test's address is every other test's too.
import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook } from '@/server/testing/fixtures';

let alice: ApiClient, admin: ApiClient;
let bookId = '';

beforeAll(async () => {
  [alice, admin] = await Promise.all([ApiClient.signedIn('alice@example.com'), ApiClient.signedIn('admin@example.com')]);
  ({ bookId } = await addTestBook(admin, 1_000_000));
});

const RUNS = 60;
const anyValue = fc.jsonValue({ maxDepth: 3 });
/** A path segment: sometimes a real id, a random UUID, or any text. */
const segment = () => fc.oneof(fc.constant(bookId), fc.uuid(), fc.string({ maxLength: 40 }));
/** Objects with the input's own field names, filled with anything (the interesting near-misses), or any JSON at all. */
const shaped = (fields: string[]) => fc.oneof(anyValue, fc.record(Object.fromEntries(fields.map((f) => [f, anyValue])), { requiredKeys: [] }));
const orderLines = () => fc.oneof(anyValue, fc.array(fc.record({ bookId: fc.oneof(fc.constant(bookId), anyValue), quantity: anyValue, expectedPriceCents: anyValue }, { requiredKeys: [] }), { maxLength: 4 }));

async function expectAnswered(client: ApiClient, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(path, inject('baseUrl')), {
    method,
    headers: { cookie: client.cookieHeader(), origin: inject('baseUrl'), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path} ${JSON.stringify(body)?.slice(0, 300)} -> ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400 && res.headers.get('content-type')?.includes('application/json')) {
    expect((JSON.parse(text) as { error?: { code?: unknown } }).error?.code, `${method} ${path}: a refusal names its code`).toEqual(expect.any(String));
  }
}

const queryString = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();
/** The consistency parameters every query takes; a valid wait is kept short so runs stay bounded. */
const consistency = fc.record(
  {
    consistency: fc.oneof(fc.constantFrom('eventual', 'read-your-writes', 'wait', 'primary'), fc.string({ maxLength: 12 })),
    minPosition: fc.oneof(fc.nat().map(String), fc.string({ maxLength: 12 })),
    timeoutMs: fc.oneof(fc.integer({ min: -5, max: 30 }).map(String), fc.string({ maxLength: 6 })),
  },
  { requiredKeys: [] },
);

describe('no input gets a 500', () => {
  it('commands: place, cancel, add, price, restock', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ lines: orderLines() }, { requiredKeys: [] }), fc.string({ maxLength: 300 }), (body, key) =>
        expectAnswered(alice, 'POST', '/api/orders', body, key ? { 'idempotency-key': key } : {}),
      ),
      { numRuns: RUNS },
    );
    await fc.assert(fc.asyncProperty(segment(), (id) => expectAnswered(alice, 'POST', `/api/orders/${encodeURIComponent(id)}/cancel`)), { numRuns: RUNS });
    await fc.assert(fc.asyncProperty(shaped(['title', 'author', 'priceCents', 'stock']), (body) => expectAnswered(admin, 'POST', '/api/books', body)), { numRuns: RUNS });
    for (const [verb, fields] of [
      ['price', ['priceCents', 'expectedVersion']],
      ['restock', ['quantity', 'expectedVersion']],
    ] as const) {
      await fc.assert(
        fc.asyncProperty(segment(), shaped([...fields]), (id, body) => expectAnswered(admin, 'POST', `/api/books/${encodeURIComponent(id)}/${verb}`, body)),
        { numRuns: RUNS },
      );
    }
  });

  it('queries: catalog, book, bestsellers, my orders, an order', async () => {
    const text = fc.option(fc.string({ maxLength: 60 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(consistency, text, text, text, (c, q, cursor, limit) => expectAnswered(alice, 'GET', `/api/books?${queryString({ ...c, q, cursor, limit })}`)),
      { numRuns: RUNS },
    );
    await fc.assert(fc.asyncProperty(consistency, segment(), (c, id) => expectAnswered(alice, 'GET', `/api/books/${encodeURIComponent(id)}?${queryString(c)}`)), { numRuns: RUNS });
    await fc.assert(fc.asyncProperty(consistency, (c) => expectAnswered(alice, 'GET', `/api/books/bestsellers?${queryString(c)}`)), { numRuns: RUNS });
    await fc.assert(fc.asyncProperty(consistency, text, text, (c, cursor, limit) => expectAnswered(alice, 'GET', `/api/orders?${queryString({ ...c, cursor, limit })}`)), { numRuns: RUNS });
    await fc.assert(fc.asyncProperty(consistency, segment(), (c, id) => expectAnswered(alice, 'GET', `/api/orders/${encodeURIComponent(id)}?${queryString(c)}`)), { numRuns: RUNS });
  });
});
