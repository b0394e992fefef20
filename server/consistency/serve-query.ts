// Picks the server-side consistency strategy a query asked for:
// `?consistency=eventual|read-your-writes|wait|primary` (+ `minPosition` or
// `afterCommand`, and `timeoutMs`, for wait).
// `primary` always reads Postgres: strong, and the baseline the read models are
// measured against (`npm run bench`).
// Every query route answers through here, so all views behave alike.
import { z } from 'zod';
import type { ProjectionStamp } from '@/server/contracts/api';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '@/server/contracts/limits';
import { env } from '@/server/env';
import { readYourWrites } from './read-your-writes';
import type { SessionPosition } from './seen-positions';
import { waitForCommand } from './wait-for-command';
import { DEFAULT_WAIT_MS, waitForProjection } from './wait-for-projection';

export const consistencySchema = z.object({
  consistency: z.enum(['eventual', 'read-your-writes', 'wait', 'primary']).default('eventual'),
  minPosition: z.coerce.number().int().min(0).optional(),
  /** Wait for the asker's own command with this idempotency key instead of a position (wait-for-command.ts). */
  afterCommand: z.string().min(1).max(IDEMPOTENCY_KEY_MAX_LENGTH).optional(),
  timeoutMs: z.coerce.number().int().min(0).max(30_000).default(DEFAULT_WAIT_MS),
});

export type Consistency = z.infer<typeof consistencySchema>;

export interface QuerySources<T extends { projection: ProjectionStamp }> {
  /** The asking browser's read-your-writes token. */
  session: SessionPosition;
  readModelPosition: () => Promise<number>;
  fromReadModel: () => Promise<T>;
  fromPrimary: () => Promise<T>;
  /** Where the asker's command `key` committed (null: not yet, or not theirs); absent for a signed-out asker, who has no commands. */
  commandPosition?: (key: string) => Promise<number | null>;
  /** The asker went away: a held read stops holding. */
  signal?: AbortSignal;
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
    case 'wait': {
      const held = { redisUrl: env().REDIS_URL, timeoutMs: consistency.timeoutMs, readModelPosition: sources.readModelPosition, fromReadModel: sources.fromReadModel, signal: sources.signal };
      const key = consistency.afterCommand;
      if (key === undefined) return waitForProjection(consistency.minPosition ?? 0, held);
      const commandPosition = sources.commandPosition;
      // answer-query.ts refuses a signed-out asker before this point.
      if (!commandPosition) throw new Error('a read after a command needs the asker');
      return waitForCommand(() => commandPosition(key), held);
    }
  }
}
