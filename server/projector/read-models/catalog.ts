// Read model: the catalog index, ordered by title, with a prefix index per
// word of title and author for search. Prices and stock live in book-detail.
import type { BookAdded, StoredEvent } from '@/server/events/types';
import type { BatchWriter } from '../batch-writer';
import type { ReadModelKeys } from '../keys';
import { catalogMember, prefixes } from '../search-words';

export const handles = ['BookAdded'] as const;

export async function apply(event: StoredEvent & BookAdded, w: BatchWriter, keys: ReadModelKeys): Promise<void> {
  const member = catalogMember(event.title, event.bookId);
  w.zadd(keys.catalog, 0, member);
  for (const prefix of prefixes(`${event.title} ${event.author}`)) w.zadd(keys.catalogWord(prefix), 0, member);
  w.markChanged({ kind: 'catalog' });
}
