import type { BookResponse, BookView } from '@/server/contracts/api';
import { DomainError } from '@/server/domain/errors';
import { readModelStamp, type ReadContext } from './read-context';

export async function getBookOrThrow(ctx: ReadContext, id: string): Promise<BookResponse> {
  const projection = readModelStamp(ctx);
  const raw = await ctx.redis.get(ctx.keys.book(id));
  if (raw === null) throw new DomainError('not_found', 'No such book.', { projection });
  return { book: JSON.parse(raw) as BookView, projection };
}
