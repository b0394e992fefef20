// The first view of a page comes with the HTML: server components read the
// same read models the query API does and hand the answers to TanStack Query
// (dehydrate -> HydrationBoundary), stamped with their projection position
// like any read. Under the key the browser will use (the strategies from the
// cookie), and marked as old, so they fill an empty cache but never replace
// what a tab already holds (a client-side navigation must not go back in time),
// and the strategies still read again on mount with their own parameters.
import { dehydrate, HydrationBoundary, QueryClient, type QueryKey } from '@tanstack/react-query';
import { cookies } from 'next/headers';
import type { Redis } from 'ioredis';
import type { ReactNode } from 'react';
import type { ProjectionStamp } from '@/server/contracts/api';
import { nextSessionPosition } from '@/server/consistency/session-position';
import { redis } from '@/server/context';
import { settingsFromCookie, strategiesKey, STRATEGIES_COOKIE, type StrategySettings } from '@/app/lib/consistency/settings';
import { readModelKey, type ReadModelQuery } from './read-model-query';

export async function serverSettings(): Promise<StrategySettings> {
  return settingsFromCookie((await cookies()).get(STRATEGIES_COOKIE)?.value);
}

export interface ServerRead {
  key: (strategies: string) => QueryKey;
  load: (redis: Redis) => Promise<{ projection: ProjectionStamp }>;
}

/** One read for <Prefetched>: the query definition's key, and the read model function its route answers with. */
export const serverRead = <P, T extends { projection: ProjectionStamp }>(query: ReadModelQuery<P, T>, params: P, load: (redis: Redis) => Promise<T>): ServerRead => ({
  key: (strategies) => readModelKey(query, params, strategies),
  load,
});

/** Older than anything a browser fetched: hydration fills empty queries only. */
const SERVER_READ_AT = 1;

export async function Prefetched({ reads, children }: { reads: ServerRead[]; children: ReactNode }) {
  const client = new QueryClient();
  const strategies = strategiesKey(await serverSettings());
  // The browser's token is read beside the loads, not before them: one round trip less on every page.
  const seen = nextSessionPosition().then((session) => session.seen());
  await Promise.all(
    reads.map(async (r) => {
      try {
        const [answer, token] = await Promise.all([r.load(redis()), seen]);
        // Only an answer that has everything this browser has seen: a reload during the lag must
        // not paint older data than the tab showed before (the anomaly checker found it).
        // Otherwise the browser's own reads answer, with its strategies.
        if (answer.projection.position >= token) client.setQueryData(r.key(strategies), answer, { updatedAt: SERVER_READ_AT });
      } catch {
        // Not found, not allowed, read models unavailable or rebuilding: the browser reads it itself and shows what it gets.
      }
    }),
  );
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
