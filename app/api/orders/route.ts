import { placeOrder } from '@/server/commands/place-order';
import { redis } from '@/server/context';
import { commandRoute, handleErrors, parseQuery, requireUser } from '@/server/http/handlers';
import { json } from '@/server/http/respond';
import { listMyOrders, listOrdersSchema } from '@/server/queries/list-orders';
import { readContext } from '@/server/queries/read-context';

export async function GET(request: Request) {
  return handleErrors(async () => {
    const user = await requireUser('customer');
    return json(await listMyOrders(readContext(redis()), user, parseQuery(request, listOrdersSchema)));
  });
}

export const POST = commandRoute(placeOrder, { successStatus: 201 });
