import type { Redis } from 'ioredis';
import type { ProjectionStamp, ReadModelState } from '@/server/contracts/api';
import { openActiveNamespace, openActiveNamespaceAndRead, openActiveNamespaceAndReadPage, readModelKeys, type ActiveNamespace, type FirstRead, type IndexPage, type ReadModelKeys } from '@/server/projector/keys';
import { isConnected, noteRedisFailure } from '@/server/redis';

export interface ReadContext {
  redis: Redis;
  keys: ReadModelKeys;
  /** The checkpoint, read together with the namespace and *before* any data. */
  position: number;
  /** No checkpoint yet, or a rebuild-from-empty in progress: the read models cannot be trusted. */
  rebuilding: boolean;
}

/** The read models cannot answer now (Redis unreachable, or rebuilding from empty): the caller reads Postgres and says why. */
export class ReadModelUnavailable extends Error {
  constructor(readonly state: Exclude<ReadModelState, 'ready'>) {
    super(`the read models are ${state}`);
  }
}

function contextOf(redis: Redis, opened: ActiveNamespace): ReadContext {
  return { redis, keys: opened.keys, position: opened.checkpoint ?? 0, rebuilding: opened.checkpoint === null || opened.rebuildingUntil !== null };
}

async function reachable<T>(redis: Redis, call: () => Promise<T>): Promise<T> {
  if (!isConnected(redis)) throw new ReadModelUnavailable('unavailable');
  try {
    return await call();
  } catch (error) {
    noteRedisFailure(redis, error);
    throw new ReadModelUnavailable('unavailable');
  }
}

/**
 * The read models to answer from: the active namespace, resolved per call
 * because a rebuild may switch it at any moment (see server/projector/rebuild.ts).
 * Throws ReadModelUnavailable when Redis is unreachable.
 */
export async function readContext(redis: Redis): Promise<ReadContext> {
  return contextOf(redis, await reachable(redis, () => openActiveNamespace(redis)));
}

/** Key names without a namespace, to name a first read (`UNSCOPED.book(id)` is `:book:<id>`). */
export const UNSCOPED = readModelKeys('');

/**
 * Opens the read models and runs the query's first read in the same round
 * trip (one script). Throws ReadModelUnavailable when Redis is unreachable or
 * the read models are rebuilding from empty: no query answers from those.
 */
export async function openAndRead(redis: Redis, read: FirstRead): Promise<{ ctx: ReadContext; reply: unknown; documents: (string | null)[] }> {
  const { opened, reply, documents } = await reachable(redis, () => openActiveNamespaceAndRead(redis, read));
  return { ctx: trusted(redis, opened), reply, documents };
}

/** As openAndRead, for a page of an index and its documents (the script's form 'page', server/redis-scripts.ts). */
export async function openAndReadPage(redis: Redis, read: Parameters<typeof openActiveNamespaceAndReadPage>[1]): Promise<{ ctx: ReadContext; page: IndexPage }> {
  const { opened, page } = await reachable(redis, () => openActiveNamespaceAndReadPage(redis, read));
  return { ctx: trusted(redis, opened), page };
}

function trusted(redis: Redis, opened: ActiveNamespace): ReadContext {
  const ctx = contextOf(redis, opened);
  if (ctx.rebuilding) throw new ReadModelUnavailable('rebuilding');
  return ctx;
}

/**
 * The position a read-model answer is served at: the checkpoint read *before*
 * the data. The projector writes atomically, so the data read afterwards is at
 * least this new, and "position >= token" can never claim a write the data lacks.
 */
export function readModelStamp(ctx: ReadContext): ProjectionStamp {
  return { position: ctx.position, source: 'read-model' };
}

export const parseJsonMany = <T>(raw: (string | null)[]): (T | null)[] => raw.map((r) => (r === null ? null : (JSON.parse(r) as T)));

export async function getJsonMany<T>(redis: Redis, keys: string[]): Promise<(T | null)[]> {
  if (keys.length === 0) return [];
  return parseJsonMany<T>(await redis.mget(keys));
}
