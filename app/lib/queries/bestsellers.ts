import type { BestsellersResponse } from '@/server/contracts/api';
import { useConsistentQuery } from '@/app/lib/consistency/use-consistent-query';

export const bestsellersKey = ['bestsellers'] as const;

export function useBestsellers() {
  return useConsistentQuery<BestsellersResponse>({ queryKey: bestsellersKey, path: '/api/books/bestsellers' });
}
