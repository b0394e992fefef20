import { useInfiniteQuery } from '@tanstack/react-query';
import type { OrderView, Page } from '@/server/contracts/api';
import { apiGet } from '@/app/lib/api-fetch';
import { useConsistentQuery, useHydrated, useReadParams, withParams } from '@/app/lib/consistency/use-consistent-query';

export const ordersKey = ['orders'] as const;
export const PAGE_SIZE = 20;

/** The first page of my orders: the one the strategies keep fresh. */
export function useMyOrders() {
  return useConsistentQuery<Page<OrderView>>({ queryKey: ordersKey, path: '/api/orders', params: { limit: String(PAGE_SIZE) } });
}

/** Older pages, loaded on demand after the first page's cursor. */
export function useOlderOrders(after: string | null) {
  const readParams = useReadParams();
  const hydrated = useHydrated();
  return useInfiniteQuery({
    queryKey: [...ordersKey, 'older', after],
    enabled: hydrated && after !== null,
    initialPageParam: after,
    queryFn: ({ pageParam }) => apiGet<Page<OrderView>>(withParams('/api/orders', { limit: String(PAGE_SIZE), cursor: pageParam ?? undefined, ...readParams })),
    getNextPageParam: (last) => last.nextCursor,
  });
}
