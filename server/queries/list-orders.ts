import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { OrderView, Page, SessionUser } from '@/server/contracts/api';
import type { StoredOrder } from '@/server/projector/read-models/customer-orders';
import { openAndRead, parseJsonMany, readModelStamp, UNSCOPED } from './read-context';

export const listOrdersSchema = z.object({
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});

export function toOrderView({ customerId: _owner, ...order }: StoredOrder): OrderView {
  return order;
}

/** The caller's own orders, newest first. The cursor is the position the last item was placed at. */
export async function listMyOrders(redis: Redis, user: SessionUser, input: z.infer<typeof listOrdersSchema>): Promise<Page<OrderView>> {
  const max = input.cursor === undefined ? '+inf' : `(${input.cursor}`;
  const { ctx, reply, documents } = await openAndRead(redis, {
    command: 'ZREVRANGEBYSCORE',
    key: UNSCOPED.customerOrders(user.id),
    args: [max, '-inf', 'WITHSCORES', 'LIMIT', 0, input.limit + 1],
    documents: { prefix: UNSCOPED.order(''), take: input.limit, stride: 2 },
  });
  const flat = reply as string[];
  const scores: number[] = [];
  for (let i = 1; i < flat.length; i += 2) scores.push(Number(flat[i]));
  const orders = parseJsonMany<StoredOrder>(documents);
  const items = orders.flatMap((o, i) => (o && o.customerId === user.id ? [{ ...toOrderView(o), placedPosition: scores[i]! }] : []));
  const more = scores.length > input.limit;
  return { items, nextCursor: more ? String(scores[input.limit - 1]) : null, projection: readModelStamp(ctx) };
}
