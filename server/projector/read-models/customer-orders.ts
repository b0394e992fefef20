// Read model: each customer's orders, newest first, and each order's document.
import type { OrderView } from '@/server/contracts/api';
import type { OrderEvent, StoredEvent } from '@/server/events/types';
import { defineReadModel } from './read-model';

/** The stored document also names its owner, so a query can refuse other customers. */
export type StoredOrder = OrderView & { customerId: string };

export function evolve(order: StoredOrder | null, event: StoredEvent & OrderEvent): StoredOrder | null {
  if (event.type === 'OrderPlaced') {
    const { orderId: id, customerId, lines, totalCents, placedAt } = event;
    return { id, customerId, status: 'placed', lines, totalCents, placedAt, version: event.aggregateVersion };
  }
  if (!order) return null;
  return { ...order, status: 'cancelled', version: event.aggregateVersion };
}

export const customerOrders = defineReadModel({
  name: 'customer-orders',
  handles: ['OrderPlaced', 'OrderCancelled'],
  reads: (event, keys) => (event.type === 'OrderPlaced' ? [] : [keys.order(event.orderId)]),
  apply(event, w, keys) {
    const key = keys.order(event.orderId);
    const next = evolve(event.type === 'OrderPlaced' ? null : w.getJson<StoredOrder>(key), event);
    if (!next) return;
    w.setJson(key, next);
    if (event.type === 'OrderPlaced') {
      // Scored by log position: unique and increasing, so "newest first" pages by a plain number.
      w.zadd(keys.customerOrders(event.customerId), event.position, event.orderId);
    }
    const { customerId, orderId } = event;
    w.markChanged({ kind: 'orders', customerId }, { kind: 'order', customerId, orderId });
  },
});
