import { z } from 'zod';
import { customerOnly, queryRoute } from '@/server/http/query-route';
import { getMyOrderOrThrow } from '@/server/queries/get-order';
import { getMyOrderFromPrimaryOrThrow } from '@/server/queries/primary/orders';

export const GET = queryRoute({
  input: z.object({ id: z.string() }),
  authorize: customerOnly,
  fromReadModel: (ctx, { id }, user) => getMyOrderOrThrow(ctx, user, id),
  fromPrimary: async (tx, { id }, user) => ({ order: await getMyOrderFromPrimaryOrThrow(tx, user, id) }),
});
