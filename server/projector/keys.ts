// Where each read model lives in Redis. Everything hangs off one namespace so a
// test (or a rebuild) can project into its own space beside the live one.
import type { Redis } from 'ioredis';

export const DEFAULT_NAMESPACE = 'rm';

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
    /** Sorted set of order ids scored by the log position of their placement (newest first = highest). */
    customerOrders: (customerId: string) => `${ns}:orders:${customerId}`,
    /** Sorted set of book ids scored by units sold (net of cancellations). */
    bestsellers: `${ns}:bestsellers`,
  };
}

export type ReadModelKeys = ReturnType<typeof readModelKeys>;

// The active namespace, its checkpoint and its rebuilding marker in one round
// trip (the key names depend on the first value). A single Redis, not a
// cluster: keys outside KEYS are fine. `or false` keeps nils in the reply.
// keys.unit.test.ts pins the key names spelled out here.
const OPEN_ACTIVE_SCRIPT = `
local ns = redis.call('GET', KEYS[1]) or ARGV[1]
return {ns, redis.call('GET', ns .. ':checkpoint') or false, redis.call('GET', ns .. ':rebuilding-until') or false}`;

type ScriptedRedis = Redis & { bookstoreOpenActive(activeKey: string, defaultNamespace: string): Promise<[string, string | null, string | null]> };

export interface ActiveNamespace {
  keys: ReadModelKeys;
  /** null: nothing projected into it yet. */
  checkpoint: number | null;
  /** The position a rebuild-from-empty must reach (readModelKeys().rebuildingUntil), if one is under way. */
  rebuildingUntil: number | null;
}

/**
 * The one way to open the read models in use: queries, the live projector and
 * the worker all resolve the active namespace through this, per call, because
 * a rebuild may switch it at any moment (server/projector/rebuild.ts). Sent by
 * SHA (EVALSHA); ioredis loads the script on first use.
 */
export async function openActiveNamespace(redis: Redis): Promise<ActiveNamespace> {
  if (!('bookstoreOpenActive' in redis)) redis.defineCommand('bookstoreOpenActive', { numberOfKeys: 1, lua: OPEN_ACTIVE_SCRIPT });
  const [namespace, checkpoint, rebuildingUntil] = await (redis as ScriptedRedis).bookstoreOpenActive(ACTIVE_NAMESPACE_KEY, DEFAULT_NAMESPACE);
  return { keys: readModelKeys(namespace), checkpoint: checkpoint === null ? null : Number(checkpoint), rebuildingUntil: rebuildingUntil === null ? null : Number(rebuildingUntil) };
}

export async function activeReadModelKeys(redis: Redis): Promise<ReadModelKeys> {
  return (await openActiveNamespace(redis)).keys;
}
