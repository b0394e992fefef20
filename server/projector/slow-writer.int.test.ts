// A writer that holds its transaction open after appending: projection waits
// instead of skipping, /api/projection names the culprit, and everything
// catches up as soon as it commits.
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { books } from '@/db/schema';
import type { ProjectionStatus } from '@/server/contracts/api';
import { appendEvents } from '@/server/events/append-events';
import { transaction } from '@/db/transaction';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, testDb } from '@/server/testing/fixtures';
import { waitFor } from '@/server/testing/worker-process';

const handle = testDb();
afterAll(() => handle.sql.end());

describe('a slow writer', () => {
  it('is named by /api/projection while it blocks the log, and projection catches up when it ends', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await ApiClient.signedIn('alice@example.com');
    const { bookId } = await addTestBook(admin, 10);
    const other = await addTestBook(admin, 10);
    await admin.waitForProjection(other.position);

    let release!: () => void;
    const mayCommit = new Promise<void>((r) => (release = r));
    let pid = 0;
    let appended = false;
    const slow = transaction(handle, async (tx) => {
      const [row] = await tx.db.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
      pid = row!.pid;
      await tx.db.update(books).set({ stock: 11, version: 2 }).where(eq(books.id, bookId));
      await appendEvents(tx.sql, [
        { aggregateType: 'book', aggregateId: bookId, aggregateVersion: 2, event: { type: 'BookRestocked', bookId, quantity: 1, stock: 11 } },
      ]);
      appended = true;
      await mayCommit;
    });
    try {
      // The slow writer must hold the append lock before the next writer arrives.
      await waitFor(async () => appended, 'the slow writer to append');
      // A writer with no row in common: it waits only for the append lock.
      const queued = alice.post<{ position: number }>('/api/orders', { lines: [{ bookId: other.bookId, quantity: 1 }] });
      const status = await waitFor(async () => {
        const s = (await admin.get<ProjectionStatus>('/api/projection')).body;
        return s.waitingOn && s.waitingOn.writersQueued >= 1 ? s : undefined;
      }, 'the status to name the slow writer');
      expect(status.waitingOn).toMatchObject({ pid, writersQueued: 1 });
      expect(status.waitingOn!.heldMs).toBeGreaterThanOrEqual(500);

      release();
      await slow;
      const order = await queued;
      expect(order.status).toBe(201);
      await admin.waitForProjection(order.body.position);
      const after = (await admin.get<ProjectionStatus>('/api/projection')).body;
      expect(after.waitingOn).toBeNull();
      const stock = async (id: string) => (await admin.get<{ book: { stock: number } }>(`/api/books/${id}`)).body.book.stock;
      expect(await stock(bookId)).toBe(11);
      expect(await stock(other.bookId)).toBe(9);
    } finally {
      release();
      await slow.catch(() => undefined);
    }
  });
});
