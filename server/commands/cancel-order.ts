import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { orderLines, orders } from '@/db/schema';
import type { Tx } from '@/db/tx';
import { DomainError } from '@/server/domain/errors';
import { decideCancelOrder, type OrderState } from '@/server/domain/orders';
import { defineCommand } from './define-command';
import { lockBooks } from './load-books';

export const cancelOrderSchema = z.strictObject({ orderId: z.uuid({ message: 'must be an order id' }) });

async function lockOrderOrThrow(tx: Tx, orderId: string): Promise<OrderState> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
  if (!order) throw new DomainError('not_found', 'No such order.');
  const lines = await tx
    .select({ bookId: orderLines.bookId, title: orderLines.title, quantity: orderLines.quantity, priceCents: orderLines.priceCents })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId));
  return { id: order.id, customerId: order.customerId, status: order.status, lines, version: order.version };
}

export const cancelOrder = defineCommand({
  name: 'cancel-order',
  schema: cancelOrderSchema,
  roles: ['customer'],
  async execute(tx, input, { user }) {
    const order = await lockOrderOrThrow(tx.db, input.orderId);
    const locked = await lockBooks(tx.sql, order.lines.map((l) => l.bookId));
    const { cancelled, releases } = decideCancelOrder({ order, requestedBy: user.id, books: locked });
    return { loaded: { order, books: locked }, events: [cancelled, ...releases], result: {} };
  },
});
