import type { BookView, Page } from '@/server/contracts/api';
import { useConsistentQuery } from '@/app/lib/consistency/use-consistent-query';

export const booksKey = (q: string, cursor: string | null) => ['books', { q, cursor }] as const;

export function useBooks(q: string, cursor: string | null, limit = 24) {
  return useConsistentQuery<Page<BookView>>({
    queryKey: booksKey(q, cursor),
    path: '/api/books',
    params: { q, cursor: cursor ?? undefined, limit: String(limit) },
  });
}
