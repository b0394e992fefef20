import type { OrderView, Page } from '@/server/contracts/api';
import { defineReadModelQuery, withParams } from './read-model-query';

export const PAGE_SIZE = 20;

/** My orders, newest first; `cursor` pages on (older orders, loaded on demand). */
export const ordersQuery = defineReadModelQuery<{ limit: number; cursor?: string }, Page<OrderView>>({
  name: 'orders',
  root: ['orders'],
  key: (p) => ['orders', p],
  path: ({ limit, cursor }) => withParams('/api/orders', { limit: String(limit), cursor }),
  // Both an order's own tag and its owner's list tag change what the list shows. Tags reach only their owner's socket.
  keysForTag: (tag) => (tag.kind === 'orders' || tag.kind === 'order' ? [['orders']] : []),
  describe: (p, { items }) => ({ view: p.cursor ? `orders:${p.cursor}` : 'orders', value: items.map((o) => `${o.id.slice(0, 8)} ${o.status}`).join(', '), items: items.map((o) => o.id) }),
});
