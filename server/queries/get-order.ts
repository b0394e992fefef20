import type { OrderResponse, SessionUser } from '@/server/contracts/api';
import { DomainError } from '@/server/domain/errors';
import type { StoredOrder } from '@/server/projector/read-models/customer-orders';
import { toOrderView } from './list-orders';
import { readModelStamp, type ReadContext } from './read-context';

export async function getMyOrderOrThrow(ctx: ReadContext, user: SessionUser, id: string): Promise<OrderResponse> {
  const projection = readModelStamp(ctx);
  const raw = await ctx.redis.get(ctx.keys.order(id));
  const order = raw === null ? null : (JSON.parse(raw) as StoredOrder);
  // Another customer's order is indistinguishable from a missing one.
  if (!order || order.customerId !== user.id) throw new DomainError('not_found', 'No such order.', { projection });
  return { order: toOrderView(order), projection };
}
