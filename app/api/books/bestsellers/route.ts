import { z } from 'zod';
import { anyone, queryRoute } from '@/server/http/query-route';
import { getBestsellers } from '@/server/queries/get-bestsellers';
import { bestsellersFromPrimary } from '@/server/queries/primary/books';

export const GET = queryRoute({
  input: z.object({}),
  authorize: anyone,
  fromReadModel: (ctx) => getBestsellers(ctx),
  fromPrimary: async (tx) => ({ items: await bestsellersFromPrimary(tx) }),
});
