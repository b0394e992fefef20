// 50 customers race for the last 10 copies: exactly 10 win, nobody oversells,
// and the read model agrees with Postgres.
import { afterAll, describe, expect, it } from 'vitest';
import type { BestsellersResponse, BookResponse } from '@/server/contracts/api';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, testDb } from '@/server/testing/fixtures';

const handle = testDb();
afterAll(() => handle.sql.end());

describe('placing orders concurrently', () => {
  it('sells exactly the stock: 50 concurrent orders for 10 copies give 10 successes', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const [alice, bob] = await Promise.all([ApiClient.signedIn('alice@example.com'), ApiClient.signedIn('bob@example.com')]);
    const { bookId } = await addTestBook(admin, 10);

    const attempts = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? alice : bob).post<{ position?: number; error?: { code: string } }>('/api/orders', { lines: [{ bookId, quantity: 1 }] })),
    );
    const won = attempts.filter((r) => r.status === 201);
    const lost = attempts.filter((r) => r.status !== 201);
    expect(won).toHaveLength(10);
    expect(lost).toHaveLength(40);
    expect(new Set(lost.map((r) => `${r.status} ${r.body.error?.code}`))).toEqual(new Set(['409 insufficient_stock']));

    const [row] = await handle.sql<{ stock: number }[]>`select stock from books where id = ${bookId}`;
    expect(row?.stock).toBe(0);

    await alice.waitForProjection(Math.max(...won.map((r) => r.body.position!)));
    const book = await alice.get<BookResponse>(`/api/books/${bookId}`);
    expect(book.body.book.stock).toBe(0);
    const best = await alice.get<BestsellersResponse>('/api/books/bestsellers');
    expect(best.body.items.find((b) => b.id === bookId)?.unitsSold).toBe(10);
  });
});
