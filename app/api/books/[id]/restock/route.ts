import { restockBook } from '@/server/commands/restock-book';
import { commandRoute } from '@/server/http/handlers';

export const POST = commandRoute(restockBook, { pathInput: ({ id }) => ({ bookId: id }) });
