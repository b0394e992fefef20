// Postgres unreachable: a command answers `unavailable` (503 over HTTP) with a
// clear message instead of an error page, and nothing can be half-applied.
import { afterAll, describe, expect, it } from 'vitest';
import { connectDb } from '@/db/client';
import { freePort } from '@/server/dev/free-port';
import { statusOf } from '@/server/http/respond';
import { placeOrder } from './place-order';

const customer = { id: crypto.randomUUID(), email: 'c@example.com', name: 'C', role: 'customer' as const };
let dead: ReturnType<typeof connectDb>;

afterAll(() => dead?.sql.end({ timeout: 1 }));

describe('when Postgres is down', () => {
  it('a command answers unavailable (503) with a message that says nothing was saved', async () => {
    // A port nothing listens on: connections are refused, as when the database is stopped.
    dead = connectDb(`postgres://postgres@127.0.0.1:${await freePort()}/bookstore`, { max: 1 });
    const result = await placeOrder({ user: customer, input: { lines: [{ bookId: crypto.randomUUID(), quantity: 1 }] } }, { db: dead });
    expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/unavailable.*Nothing was saved/) } });
    if (!result.ok) expect(statusOf(result.error.code)).toBe(503);
  });
});
