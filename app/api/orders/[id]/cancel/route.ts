import { cancelOrder } from '@/server/commands/cancel-order';
import { commandRoute } from '@/server/http/handlers';

export const POST = commandRoute(cancelOrder, { pathInput: ({ id }) => ({ orderId: id }), bodyOptional: true });
