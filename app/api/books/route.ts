// POST (add a book) is the command API: server/http/command-api.ts.
import { anyone, queryRoute } from '@/server/http/query-route';
import { listBooks, listBooksSchema } from '@/server/queries/list-books';
import { listBooksFromPrimary } from '@/server/queries/primary/books';

export const GET = queryRoute({
  input: listBooksSchema,
  authorize: anyone,
  fromReadModel: (ctx, input) => listBooks(ctx, input),
  fromPrimary: (tx, input) => listBooksFromPrimary(tx, input),
});
