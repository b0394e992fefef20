// POST (place an order) is the command API: server/http/command-api.ts.
import { customerOnly, queryRoute } from '@/server/http/query-route';
import { listMyOrders, listOrdersSchema } from '@/server/queries/list-orders';
import { listMyOrdersFromPrimary } from '@/server/queries/primary/orders';

export const GET = queryRoute({
  input: listOrdersSchema,
  authorize: customerOnly,
  fromReadModel: (ctx, input, user) => listMyOrders(ctx, user, input),
  fromPrimary: (tx, input, user) => listMyOrdersFromPrimary(tx, user, input),
});
