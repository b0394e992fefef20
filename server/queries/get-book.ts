import type { Redis } from 'ioredis';
import type { BookResponse, BookView } from '@/server/contracts/api';
import { DomainError } from '@/server/domain/errors';
import { openAndRead, readModelStamp, UNSCOPED } from './read-context';

export async function getBookOrThrow(redis: Redis, id: string): Promise<BookResponse> {
  const { ctx, reply } = await openAndRead(redis, { command: 'GET', key: UNSCOPED.book(id) });
  const projection = readModelStamp(ctx);
  if (reply === null) throw new DomainError('not_found', 'No such book.', { projection });
  return { book: JSON.parse(reply as string) as BookView, projection };
}
