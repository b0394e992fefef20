import { changePrice } from '@/server/commands/change-price';
import { commandRoute } from '@/server/http/handlers';

export const POST = commandRoute(changePrice, { pathInput: ({ id }) => ({ bookId: id }) });
