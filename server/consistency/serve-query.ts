// Picks the server-side consistency strategy a query asked for:
// `?consistency=eventual|read-your-writes|wait|primary` (+ `minPosition`, `timeoutMs`).
// `primary` always reads Postgres: strong, and the baseline the read models are
// measured against (`npm run bench`).
// Every query route answers through here, so all views behave alike.
import { z } from 'zod';
import type { ProjectionStamp } from '@/server/contracts/api';
import { env } from '@/server/env';
import { readYourWrites } from './read-your-writes';
import type { SessionPosition } from './seen-positions';
import { DEFAULT_WAIT_MS, waitForProjection } from './wait-for-projection';

export const consistencySchema = z.object({
  consistency: z.enum(['eventual', 'read-your-writes', 'wait', 'primary']).default('eventual'),
  minPosition: z.coerce.number().int().min(0).optional(),
  timeoutMs: z.coerce.number().int().min(0).max(30_000).default(DEFAULT_WAIT_MS),
});

export type Consistency = z.infer<typeof consistencySchema>;

export interface QuerySources<T extends { projection: ProjectionStamp }> {
  /** The asking browser's read-your-writes token. */
  session: SessionPosition;
  readModelPosition: () => Promise<number>;
  fromReadModel: () => Promise<T>;
  fromPrimary: () => Promise<T>;
}

export async function serveQuery<T extends { projection: ProjectionStamp }>(
  consistency: Consistency,
  sources: QuerySources<T>,
): Promise<T> {
  switch (consistency.consistency) {
    case 'eventual':
      return sources.fromReadModel();
    case 'primary':
      return sources.fromPrimary();
    case 'read-your-writes':
      return readYourWrites(sources.session, sources.fromReadModel, sources.fromPrimary);
    case 'wait':
      return waitForProjection(
        env().REDIS_URL,
        consistency.minPosition ?? 0,
        consistency.timeoutMs,
        sources.readModelPosition,
        sources.fromReadModel,
      );
  }
}
