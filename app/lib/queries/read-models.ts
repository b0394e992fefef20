// Every read model the UI reads, and the one tag -> query key map derived from them.
import type { QueryKey } from '@tanstack/react-query';
import { parseTag } from '@/server/contracts/tags';
import { bestsellersQuery } from './bestsellers';
import { bookQuery } from './book';
import { booksQuery } from './books';
import { ordersQuery } from './orders';

export const READ_MODEL_QUERIES = [bookQuery, booksQuery, bestsellersQuery, ordersQuery] as const;

/** The query keys a change tag from a push makes stale; none for a tag that is not ours. */
export function keysForTag(raw: string): QueryKey[] {
  const tag = parseTag(raw);
  return tag ? READ_MODEL_QUERIES.flatMap((q) => q.keysForTag(tag)) : [];
}
