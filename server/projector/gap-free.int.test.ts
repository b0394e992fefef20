// The event log must never be skipped, even when transactions commit out of
// the order they started in. One writer holds its transaction open after
// appending; others commit meanwhile; the projector must apply every event once.
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { books } from '@/db/schema';
import { placeOrder } from '@/server/commands/place-order';
import type { BookView } from '@/server/contracts/api';
import { appendEvents } from '@/server/events/append-events';
import { transaction } from '@/db/transaction';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, testDb, testRedis, userByEmail } from '@/server/testing/fixtures';
import { waitFor } from '@/server/testing/worker-process';
import { readModelKeys } from './keys';
import { createProjector } from './projector';

const handle = testDb();
const { redis } = testRedis(1);
const keys = readModelKeys(`gap-${Date.now()}`);
const projector = createProjector({ db: handle, redis, keys, announce: false, lab: async () => ({ delayMs: 0, paused: false }) });

afterAll(async () => {
  await handle.sql.end();
  redis.disconnect();
});

describe('gap-free projection', () => {
  it('does not skip an event whose transaction commits after later ones', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const slowBook = await addTestBook(admin, 5);
    const busyBook = await addTestBook(admin, 100);
    const alice = await userByEmail(handle, 'alice@example.com');
    await projector.catchUp();

    // Writer A: restocks and appends, then holds its transaction open until we say so.
    let releaseA!: () => void;
    const aMayCommit = new Promise<void>((r) => (releaseA = r));
    let aPosition = 0;
    const writerA = transaction(handle, async (tx) => {
      await tx.db.update(books).set({ stock: 6, version: 2 }).where(eq(books.id, slowBook.bookId));
      aPosition = await appendEvents(tx.sql, [
        { aggregateType: 'book', aggregateId: slowBook.bookId, aggregateVersion: 2, event: { type: 'BookRestocked', bookId: slowBook.bookId, quantity: 1, stock: 6 } },
      ]);
      await aMayCommit;
    });
    await waitFor(async () => aPosition > 0, 'writer A to append');

    // Writers B and C: real commands, started while A is open.
    let settled = 0;
    const others = [1, 2].map((quantity) =>
      placeOrder({ user: alice, input: { lines: [{ bookId: busyBook.bookId, quantity }] } }, { db: handle }).finally(() => settled++),
    );
    try {
      // Either they queue behind A (correct) or, were appends not serialized, they commit past it.
      await waitFor(async () => {
        const [row] = await handle.sql<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`;
        return (row?.n ?? 0) >= 2 || settled === 2;
      }, 'writers B and C to reach the append');

      // While A is open the projector must stop short of A's position.
      const reached = await projector.catchUp();
      expect(reached).toBeLessThan(aPosition);
    } finally {
      releaseA();
      await writerA;
    }
    const results = await Promise.all(others);
    expect(results.every((r) => r.ok)).toBe(true);
    const positions = results.map((r) => (r.ok ? r.position : 0));
    expect(Math.min(...positions)).toBeGreaterThan(aPosition);

    const head = await projector.catchUp();
    expect(head).toBe(Math.max(...positions));
    // Every event applied exactly once: A's restock is there, and B + C's reservations add up.
    const slow = JSON.parse((await redis.get(keys.book(slowBook.bookId)))!) as BookView;
    const busy = JSON.parse((await redis.get(keys.book(busyBook.bookId)))!) as BookView;
    expect(slow.stock).toBe(6);
    expect(busy.stock).toBe(100 - 3);
    expect(Number(await redis.zscore(keys.bestsellers, busyBook.bookId))).toBe(3);
  });
});
