import { z } from 'zod';
import type { OrderView, Page, SessionUser } from '@/server/contracts/api';
import type { StoredOrder } from '@/server/projector/read-models/customer-orders';
import { getJsonMany, readModelStamp, type ReadContext } from './read-context';

export const listOrdersSchema = z.object({
  cursor: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});

export function toOrderView({ customerId: _owner, ...order }: StoredOrder): OrderView {
  return order;
}

/** The caller's own orders, newest first. The cursor is the position the last item was placed at. */
export async function listMyOrders(
  ctx: ReadContext,
  user: SessionUser,
  input: z.infer<typeof listOrdersSchema>,
): Promise<Page<OrderView>> {
  const projection = readModelStamp(ctx);
  const max = input.cursor === undefined ? '+inf' : `(${input.cursor}`;
  const flat = await ctx.redis.zrevrangebyscore(ctx.keys.customerOrders(user.id), max, '-inf', 'WITHSCORES', 'LIMIT', 0, input.limit + 1);
  const ids: string[] = [];
  const scores: number[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    ids.push(flat[i]!);
    scores.push(Number(flat[i + 1]));
  }
  const more = ids.length > input.limit;
  const page = ids.slice(0, input.limit);
  const orders = await getJsonMany<StoredOrder>(ctx.redis, page.map((id) => ctx.keys.order(id)));
  const items = orders.flatMap((o, i) => (o && o.customerId === user.id ? [{ ...toOrderView(o), placedPosition: scores[i]! }] : []));
  return { items, nextCursor: more ? String(scores[input.limit - 1]) : null, projection };
}
