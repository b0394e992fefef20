import type { BestsellersResponse, BookView } from '@/server/contracts/api';
import { getJsonMany, readModelStamp, type ReadContext } from './read-context';

export const BESTSELLER_COUNT = 10;

export async function getBestsellers(ctx: ReadContext): Promise<BestsellersResponse> {
  const projection = readModelStamp(ctx);
  const flat = await ctx.redis.zrevrangebyscore(ctx.keys.bestsellers, '+inf', '(0', 'WITHSCORES', 'LIMIT', 0, BESTSELLER_COUNT);
  const ranked: { id: string; units: number }[] = [];
  for (let i = 0; i < flat.length; i += 2) ranked.push({ id: flat[i]!, units: Number(flat[i + 1]) });
  const books = await getJsonMany<BookView>(ctx.redis, ranked.map((r) => ctx.keys.book(r.id)));
  const items = ranked.flatMap((r, i) => (books[i] ? [{ ...books[i], unitsSold: r.units }] : []));
  return { items, projection };
}
