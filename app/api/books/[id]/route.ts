import { z } from 'zod';
import { anyone, queryRoute } from '@/server/http/query-route';
import { getBookOrThrow } from '@/server/queries/get-book';
import { getBookFromPrimaryOrThrow } from '@/server/queries/primary/books';

export const GET = queryRoute({
  input: z.object({ id: z.string() }),
  authorize: anyone,
  fromReadModel: (ctx, { id }) => getBookOrThrow(ctx, id),
  fromPrimary: async (tx, { id }) => ({ book: await getBookFromPrimaryOrThrow(tx, id) }),
});
