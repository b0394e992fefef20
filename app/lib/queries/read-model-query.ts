// One definition per read model: its layered query key, its endpoint, and which
// change tags make it stale. Views read through useConsistentQuery(definition,
// params); live notifications derive their tag -> key map from these
// (read-models.ts), so a key is written in one place only.
import { queryOptions, type QueryKey } from '@tanstack/react-query';
import type { ProjectionStamp } from '@/server/contracts/api';
import type { ChangeTag } from '@/server/contracts/tags';

export interface ReadModelQuery<P, T extends { projection: ProjectionStamp }> {
  name: string;
  /** Every key of this read model starts with `root`: invalidating `root` refreshes them all. */
  root: QueryKey;
  key(params: P): QueryKey;
  /** The endpoint with the view's own parameters; the strategies add theirs. */
  path(params: P): string;
  keysForTag(tag: ChangeTag): QueryKey[];
  /** What a view of this data shows, for the anomaly checker: its name with parameters, a canonical value, a list's members. */
  describe(params: P, data: T): { view: string; value: string; items?: string[] };
  /** Type carrier only. */
  readonly _data?: T;
}

export function defineReadModelQuery<P, T extends { projection: ProjectionStamp }>(def: Omit<ReadModelQuery<P, T>, '_data'>): ReadModelQuery<P, T> {
  return def;
}

export function withParams(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const s = search.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

/**
 * The react-query options for one read. The enabled strategies are part of the
 * key, so switching strategy refetches while keys keep their prefix for
 * invalidation. Their parameters are asked for when the fetch starts, not when
 * the options were built: a command's answer moves the token and refetches in
 * the same moment, before any re-render, and that read must carry the new token.
 */
/** The cache key of one read: the read model's own key and the strategies that read it. */
export const readModelKey = <P, T extends { projection: ProjectionStamp }>(query: ReadModelQuery<P, T>, params: P, strategies: string): QueryKey => [
  ...query.key(params),
  { strategies },
];

export function readModelQueryOptions<P, T extends { projection: ProjectionStamp }>(
  query: ReadModelQuery<P, T>,
  params: P,
  strategies: string,
  readParams: () => Record<string, string>,
  fetcher: (path: string, queryKey: QueryKey, signal: AbortSignal, readParams: Record<string, string>) => Promise<T>,
) {
  return queryOptions({
    queryKey: readModelKey(query, params, strategies),
    queryFn: ({ queryKey, signal }) => {
      const asked = readParams();
      return fetcher(withParams(query.path(params), asked), queryKey, signal, asked);
    },
  });
}
