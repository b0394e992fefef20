import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { books, orderLines, orders } from '@/db/schema';
import { decidePlaceOrder, mergeLines } from '@/server/domain/orders';
import type { PendingEvent } from '@/server/events/types';
import { defineCommand } from './define-command';
import { bookId, orderQuantity } from './fields';
import { lockBooks } from './load-books';

export const placeOrderSchema = z.strictObject({
  lines: z
    .array(z.strictObject({ bookId, quantity: orderQuantity }), { message: 'must be a list of { bookId, quantity }' })
    .min(1, 'an order needs at least one line')
    .max(50, 'at most 50 lines per order'),
});

export const placeOrder = defineCommand({
  name: 'place-order',
  schema: placeOrderSchema,
  roles: ['customer'],
  async execute(tx, input, { user, now }) {
    const orderId = randomUUID();
    // Row locks (not a conditional UPDATE) so the rule stays a pure function of the locked state;
    // the CHECK (stock >= 0) in the schema backs it up.
    const locked = await lockBooks(tx.db, mergeLines(input.lines).map((l) => l.bookId));
    const { placed, reservations } = decidePlaceOrder({ orderId, customerId: user.id, lines: input.lines, books: locked, now });

    const events: PendingEvent[] = [{ aggregateType: 'order', aggregateId: orderId, aggregateVersion: 1, event: placed }];
    const stockUpdates = reservations.map((reservation) => {
      const version = locked.get(reservation.bookId)!.version + 1;
      events.push({ aggregateType: 'book', aggregateId: reservation.bookId, aggregateVersion: version, event: reservation });
      return tx.db.update(books).set({ stock: reservation.stock, version }).where(eq(books.id, reservation.bookId));
    });
    const writes = [
      tx.db.insert(orders).values({ id: orderId, customerId: user.id, status: 'placed', totalCents: placed.totalCents, placedAt: now, version: 1 }),
      tx.db.insert(orderLines).values(placed.lines.map((l) => ({ orderId, ...l }))),
      ...stockUpdates,
    ];
    return { writes, events, version: 1, result: { orderId } };
  },
});
