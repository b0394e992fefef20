// A query's definition (who may ask, its parameters, its two sources: read
// model and primary) and how every query is answered, whatever carries it:
// the caller's consistency strategy (`?consistency=...`) picks the source,
// and a read model that is rebuilding or unreachable is replaced by Postgres,
// saying why. The query API (query-api.ts) binds this to HTTP.
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Tx } from '@/db/tx';
import type { ProjectionStamp, SessionUser } from '@/server/contracts/api';
import { consistencySchema, serveQuery } from '@/server/consistency/serve-query';
import type { SessionPosition } from '@/server/consistency/seen-positions';
import { committedPosition } from '@/server/consistency/wait-for-command';
import { db, redis } from '@/server/context';
import { metrics } from '@/server/observability/metrics';
import { readFromPrimary } from '@/server/queries/primary/primary-read';
import { readContext, ReadModelUnavailable } from '@/server/queries/read-context';
import { fieldErrors } from '@/server/validation';
import { HttpError } from './respond';

type Stamped<D> = D & { projection: ProjectionStamp };

export interface QueryDefinition<S extends z.ZodType = z.ZodType, U = unknown, D extends object = object> {
  /** Query-string and path parameters, parsed together. */
  input: S;
  /** Returns who may ask (throws HttpError otherwise). */
  authorize: (user: SessionUser | null) => U;
  /** Opens the read models itself, with its first read in the same round trip (server/queries/read-context.ts). */
  fromReadModel: (redis: Redis, input: z.infer<S>, user: U) => Promise<Stamped<D>>;
  fromPrimary: (tx: Tx, input: z.infer<S>, user: U) => Promise<D>;
}

/** Keeps the definition's types together (the route table holds many shapes). */
export const defineQuery = <S extends z.ZodType, U, D extends object>(def: QueryDefinition<S, U, D>) => def as unknown as QueryDefinition;

export const anyone = () => null;

export function customerOnly(user: SessionUser | null): SessionUser {
  if (!user) throw new HttpError({ code: 'unauthenticated', message: 'Sign in first.' });
  if (user.role !== 'customer') throw new HttpError({ code: 'forbidden', message: 'Only customer accounts have orders.' });
  return user;
}

function parse<S extends z.ZodType>(schema: S, params: Record<string, string>): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    throw new HttpError({ code: 'validation_failed', message: 'Some query parameters are invalid.', fields: fieldErrors(parsed.error) });
  }
  return parsed.data;
}

export interface QueryRequest {
  user: SessionUser | null;
  /** Query-string and path parameters. */
  params: Record<string, string>;
  session: SessionPosition;
  /** The asker went away (a held read is not held for nobody). */
  signal?: AbortSignal;
}

export async function answerQuery(def: QueryDefinition, { user, params, session, signal }: QueryRequest): Promise<Stamped<object>> {
  const asker = def.authorize(user);
  const consistency = parse(consistencySchema, params);
  if (consistency.afterCommand !== undefined && !user) {
    throw new HttpError({ code: 'unauthenticated', message: 'Sign in first: a read can wait only for your own command.' });
  }
  const input = parse(def.input, params);
  const fromPrimary = async () => {
    const { data, projection } = await readFromPrimary(db(), (tx) => def.fromPrimary(tx, input, asker));
    return { ...data, projection };
  };
  try {
    return await serveQuery<Stamped<object>>(consistency, {
      session,
      readModelPosition: async () => (await readContext(redis())).position,
      fromReadModel: () => def.fromReadModel(redis(), input, asker),
      fromPrimary,
      commandPosition: user ? (key) => committedPosition(user.id, key) : undefined,
      signal,
    });
  } catch (error) {
    // Redis unreachable, or the read models rebuilding from empty: Postgres answers, and says why.
    if (!(error instanceof ReadModelUnavailable)) throw error;
    metrics().primaryFallbacks.inc({ reason: `read-model-${error.state}` });
    const answer = await fromPrimary();
    // Read-your-writes promises monotonic reads: what Postgres showed is the floor for the reads after the outage.
    if (consistency.consistency === 'read-your-writes') await session.remember(answer.projection.position);
    return { ...answer, projection: { ...answer.projection, readModel: error.state } };
  }
}
