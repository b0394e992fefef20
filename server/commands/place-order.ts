import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { orderLines, orders } from '@/db/schema';
import { decidePlaceOrder, mergeLines } from '@/server/domain/orders';
import type { PendingEvent } from '@/server/events/types';
import { defineCommand } from './define-command';
import { bookId, orderQuantity, priceCents } from './fields';
import { bookChanges, lockBooks } from './load-books';

export const placeOrderSchema = z.strictObject({
  lines: z
    .array(z.strictObject({ bookId, quantity: orderQuantity, expectedPriceCents: priceCents.optional() }), {
      message: 'must be a list of { bookId, quantity, expectedPriceCents? }',
    })
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

    const stock = bookChanges(
      tx.db,
      reservations.map((event) => ({ book: locked.get(event.bookId)!, columns: { stock: event.stock }, event })),
    );
    const events: PendingEvent[] = [{ aggregateType: 'order', aggregateId: orderId, aggregateVersion: 1, event: placed }, ...stock.events];
    const writes = [
      tx.db.insert(orders).values({ id: orderId, customerId: user.id, status: 'placed', totalCents: placed.totalCents, placedAt: now, version: 1 }),
      tx.db.insert(orderLines).values(placed.lines.map((l) => ({ orderId, ...l }))),
      ...stock.writes,
    ];
    return { writes, events, version: 1, result: { orderId } };
  },
});
