// With the lab delay at 0 the projector applies the events a commit's NOTIFY
// carries, without reading the log (projector.ts). That shortcut must never
// cost an event: when the notices leave a gap (a rolled-back append drew a
// position) or cannot carry their events (too large), every committed event is
// still applied, exactly once and in order.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { books } from '@/db/schema';
import { transaction } from '@/db/transaction';
import { placeOrder } from '@/server/commands/place-order';
import type { BookView } from '@/server/contracts/api';
import { appendEvents, EVENTS_CHANNEL } from '@/server/events/append-events';
import { parseAppendedNotice, type AppendedNotice } from '@/server/events/appended-notice';
import type { PendingEvent } from '@/server/events/types';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, testDb, testRedis, userByEmail } from '@/server/testing/fixtures';
import { waitFor } from '@/server/testing/worker-process';
import { readModelKeys } from './keys';
import { createProjector } from './projector';

const handle = testDb();
const { redis } = testRedis(11);
const keys = readModelKeys(`notice-${Date.now()}`);
const projector = createProjector({ db: handle, redis, keys, announce: false, pollMs: 60_000, lab: async () => ({ delayMs: 0, paused: false }) });
let running: Promise<void>;

const notices: AppendedNotice[] = [];
let listening: { unlisten(): Promise<void> };

beforeAll(async () => {
  listening = await handle.sql.listen(EVENTS_CHANNEL, (payload) => {
    const notice = parseAppendedNotice(payload);
    if (notice) notices.push(notice);
  });
  running = projector.run();
});

afterAll(async () => {
  await projector.stop();
  await running;
  await listening.unlisten();
  await handle.sql.end();
  redis.disconnect();
});

const checkpoint = async () => Number((await redis.get(keys.checkpoint)) ?? 0);
const bookView = async (bookId: string) => JSON.parse((await redis.get(keys.book(bookId)))!) as BookView;

/** Restocks a book by 1 at a time, `times` times, as one transaction of `times` events. */
async function restockInOneTransaction(bookId: string, from: { stock: number; version: number }, times: number, commit = true) {
  const events: PendingEvent[] = Array.from({ length: times }, (_, i) => ({
    aggregateType: 'book',
    aggregateId: bookId,
    aggregateVersion: from.version + i + 1,
    event: { type: 'BookRestocked', bookId, quantity: 1, stock: from.stock + i + 1 },
  }));
  let position = 0;
  await transaction(handle, async (tx) => {
    await tx.db
      .update(books)
      .set({ stock: from.stock + times, version: from.version + times })
      .where(eq(books.id, bookId));
    position = await appendEvents(tx.sql, events);
    if (!commit) throw new Error('rolled back on purpose');
  }).catch((error: Error) => {
    if (commit) throw error;
  });
  return position;
}

describe('projection from the events a NOTIFY carries', () => {
  it('applies every committed event once across a rolled-back append and an oversized notice', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await userByEmail(handle, 'alice@example.com');
    const { bookId, position: added } = await addTestBook(admin, 10);
    await waitFor(async () => (await checkpoint()) >= added, 'the projector to catch up with the log');

    // 1. A command: its notice carries its events.
    const first = await placeOrder({ user: alice, input: { lines: [{ bookId, quantity: 1 }] } }, { db: handle });
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    await waitFor(async () => (await checkpoint()) >= first.position, 'the first order');
    expect(notices.find((n) => n.head === first.position)?.events?.map((e) => e.type)).toEqual(['OrderPlaced', 'BookStockReserved']);

    // 2. An append that draws a position and rolls back: the next position does not follow the checkpoint.
    const rolledBack = await restockInOneTransaction(bookId, { stock: 9, version: 2 }, 1, false);
    expect(rolledBack).toBeGreaterThan(first.position);
    const second = await placeOrder({ user: alice, input: { lines: [{ bookId, quantity: 2 }] } }, { db: handle });
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    expect(second.position).toBeGreaterThan(rolledBack + 1);
    await waitFor(async () => (await checkpoint()) >= second.position, 'the order after the gap');

    // 3. Too many events for one notice, then a small command right behind it.
    const bigHead = await restockInOneTransaction(bookId, { stock: 7, version: 3 }, 60);
    await waitFor(async () => notices.some((n) => n.head === bigHead), 'the oversized notice');
    expect(notices.find((n) => n.head === bigHead)?.events).toBeUndefined();
    const third = await placeOrder({ user: alice, input: { lines: [{ bookId, quantity: 3 }] } }, { db: handle });
    if (!third.ok) throw new Error(JSON.stringify(third.error));
    await waitFor(async () => (await checkpoint()) >= third.position, 'the order after the oversized notice');

    // Stock: 10 - 1 - 2 + 60 - 3; the bestseller count (an increment per order) shows each order applied once.
    expect((await bookView(bookId)).stock).toBe(64);
    expect(Number(await redis.zscore(keys.bestsellers, bookId))).toBe(6);
    expect(await checkpoint()).toBe(third.position);
  });
});
