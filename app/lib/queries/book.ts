import type { BookResponse } from '@/server/contracts/api';
import { useConsistentQuery } from '@/app/lib/consistency/use-consistent-query';

export const bookKey = (id: string) => ['book', id] as const;

export function useBook(id: string) {
  return useConsistentQuery<BookResponse>({ queryKey: bookKey(id), path: `/api/books/${encodeURIComponent(id)}` });
}
