import type { Redis } from 'ioredis';
import type { OrderResponse, SessionUser } from '@/server/contracts/api';
import { DomainError } from '@/server/domain/errors';
import type { StoredOrder } from '@/server/projector/read-models/customer-orders';
import { toOrderView } from './list-orders';
import { openAndRead, readModelStamp, UNSCOPED } from './read-context';

export async function getMyOrderOrThrow(redis: Redis, user: SessionUser, id: string): Promise<OrderResponse> {
  const { ctx, reply } = await openAndRead(redis, { command: 'GET', key: UNSCOPED.order(id) });
  const projection = readModelStamp(ctx);
  const order = reply === null ? null : (JSON.parse(reply as string) as StoredOrder);
  // Another customer's order is indistinguishable from a missing one.
  if (!order || order.customerId !== user.id) throw new DomainError('not_found', 'No such order.', { projection });
  return { order: toOrderView(order), projection };
}
