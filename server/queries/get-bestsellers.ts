import type { Redis } from 'ioredis';
import type { BestsellersResponse, BookView } from '@/server/contracts/api';
import { openAndRead, parseJsonMany, readModelStamp, UNSCOPED } from './read-context';

export const BESTSELLER_COUNT = 10;

export async function getBestsellers(redis: Redis): Promise<BestsellersResponse> {
  const { ctx, reply, documents } = await openAndRead(redis, {
    command: 'ZREVRANGEBYSCORE',
    key: UNSCOPED.bestsellers,
    args: ['+inf', '(0', 'WITHSCORES', 'LIMIT', 0, BESTSELLER_COUNT],
    documents: { prefix: UNSCOPED.book(''), take: BESTSELLER_COUNT, stride: 2 },
  });
  const flat = reply as string[];
  const books = parseJsonMany<BookView>(documents);
  const items = books.flatMap((book, i) => (book ? [{ ...book, unitsSold: Number(flat[2 * i + 1]) }] : []));
  return { items, projection: readModelStamp(ctx) };
}
