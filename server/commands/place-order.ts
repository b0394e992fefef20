import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { PlaceOrderAnswer } from '@/server/contracts/api';
import { decidePlaceOrder, mergeLines } from '@/server/domain/orders';
import { defineCommand } from './define-command';
import { bookId, orderQuantity, priceCents } from './fields';
import { lockBooks } from './load-books';

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
    const locked = await lockBooks(tx.sql, mergeLines(input.lines).map((l) => l.bookId));
    const { placed, reservations } = decidePlaceOrder({ orderId, customerId: user.id, lines: input.lines, books: locked, now });

    // The answer says what the write side has after it, at the command's position: what the order
    // was charged and each book's stock. Clients check a screen against it without reading again.
    const stockAfter = Object.fromEntries(reservations.map((r) => [r.bookId, r.stock]));
    const result: PlaceOrderAnswer = { orderId, totalCents: placed.totalCents, stockAfter };
    return { loaded: { books: locked }, events: [placed, ...reservations], result };
  },
});
