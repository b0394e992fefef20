// Where each read model lives in Redis. Everything hangs off one namespace so a
// test (or a rebuild) can project into its own space beside the live one.
import type { Redis } from 'ioredis';

export const DEFAULT_NAMESPACE = 'rm';

export const ADVANCED_CHANNEL = 'projection:advanced';

/**
 * Which namespace queries and the live projector use (absent: DEFAULT_NAMESPACE).
 * A rebuild projects into a fresh namespace and flips this pointer once the new
 * read models have caught up (server/projector/rebuild.ts).
 */
export const ACTIVE_NAMESPACE_KEY = 'readmodels:active';
/** JSON RebuildStatus of the latest rebuild, for the admin panel and GET /api/projection. */
export const REBUILD_STATUS_KEY = 'readmodels:rebuild';
/**
 * Which worker projects, and since when (JSON `{ pid, since }`): written by the
 * active worker every second with a 3 s expiry, so a dead one vanishes by
 * itself and the standby that takes over writes its own at once.
 */
export const ACTIVE_WORKER_KEY = 'workers:active';
export const ACTIVE_WORKER_TTL_MS = 3000;

/** Published when an admin asks for a rebuild; the active worker runs it. */
export const REBUILD_REQUESTED_CHANNEL = 'readmodels:rebuild-requested';

export function readModelKeys(ns: string = DEFAULT_NAMESPACE) {
  return {
    namespace: ns,
    /** The position of the last applied event: the read models reflect exactly the log up to here. */
    checkpoint: `${ns}:checkpoint`,
    /**
     * Present while the read models are being rebuilt from the start of the log
     * (after Redis was flushed or restarted empty): the position the rebuild
     * must reach before queries trust the read models again.
     */
    rebuildingUntil: `${ns}:rebuilding-until`,
    /** When the last applied event was committed (ms since epoch), for lag in ms. */
    checkpointOccurredAt: `${ns}:checkpoint:occurred-at`,
    book: (id: string) => `${ns}:book:${id}`,
    /** Sorted set, all scores 0, ordered by member: `<lower-case title>\0<id>`. */
    catalog: `${ns}:catalog`,
    catalogWord: (prefix: string) => `${ns}:catalog:word:${prefix}`,
    order: (id: string) => `${ns}:order:${id}`,
    /** Sorted set of order ids scored by placement time. */
    customerOrders: (customerId: string) => `${ns}:orders:${customerId}`,
    /** Sorted set of book ids scored by units sold (net of cancellations). */
    bestsellers: `${ns}:bestsellers`,
  };
}

export type ReadModelKeys = ReturnType<typeof readModelKeys>;

export async function activeReadModelKeys(redis: Pick<Redis, 'get'>): Promise<ReadModelKeys> {
  return readModelKeys((await redis.get(ACTIVE_NAMESPACE_KEY)) ?? DEFAULT_NAMESPACE);
}
