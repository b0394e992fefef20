// Where each read model lives in Redis. Everything hangs off one namespace so a
// test (or a rebuild) can project into its own space beside the live one.
import type { Redis } from 'ioredis';
import { defineScripts } from '@/server/redis-scripts';

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

/** Every aggregate id is a UUID (db/schema.ts): an index member's id is its last this many characters. */
export const ID_LENGTH = 36;

type OpenReply = [string, string | null, string | null, unknown?, ((string | null)[] | string)?];
type ScriptedRedis = Redis & { bookstoreOpenActive(activeKey: string, defaultNamespace: string, ...read: (string | number)[]): Promise<OpenReply> };

/**
 * A query's first read, with keys named without their namespace (build them
 * from `readModelKeys('')`): the command, and for an index the documents
 * (under the `documents` prefix) its first `take` members name; `stride` 2
 * when the reply interleaves scores.
 */
export interface FirstRead {
  command: string;
  key: string;
  args?: (string | number)[];
  documents?: { prefix: string; take: number; stride?: 1 | 2 };
}

/** A page of an index and its documents, as the script's form 'page' returns it (server/redis-scripts.ts). */
export interface IndexPage {
  /** How many members the index command returned (one more than `take` says there is more). */
  length: number;
  /** The last member whose document was taken: where the next page starts. */
  lastTaken: string | null;
  /** The documents present, in index order, as one JSON array. */
  documentsJson: string;
}

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
  return (await openActiveNamespaceAndRead(redis)).opened;
}

async function runOpenScript(redis: Redis, read: FirstRead | undefined, form: 'each' | 'page') {
  defineScripts(redis); // a connection made elsewhere (auto-pipelining off by default, so defining it now is safe)
  const readArgs = read ? [read.documents?.prefix ?? '', read.documents?.take ?? 0, read.documents?.stride ?? 1, ID_LENGTH, form, read.command, read.key, ...(read.args ?? [])] : [];
  const [namespace, checkpoint, rebuildingUntil, reply, documents] = await (redis as ScriptedRedis).bookstoreOpenActive(ACTIVE_NAMESPACE_KEY, DEFAULT_NAMESPACE, ...readArgs);
  const opened: ActiveNamespace = { keys: readModelKeys(namespace), checkpoint: checkpoint === null ? null : Number(checkpoint), rebuildingUntil: rebuildingUntil === null ? null : Number(rebuildingUntil) };
  return { opened, reply: reply ?? null, documents };
}

/** openActiveNamespace and a query's first read in the same round trip: the read sees exactly what the checkpoint says, or newer. */
export async function openActiveNamespaceAndRead(redis: Redis, read?: FirstRead): Promise<{ opened: ActiveNamespace; reply: unknown; documents: (string | null)[] }> {
  const { opened, reply, documents } = await runOpenScript(redis, read, 'each');
  return { opened, reply, documents: (documents as (string | null)[] | undefined) ?? [] };
}

/** As openActiveNamespaceAndRead, for a page of an index: its documents as one JSON array, and only what a cursor needs of the index. */
export async function openActiveNamespaceAndReadPage(redis: Redis, read: FirstRead & { documents: NonNullable<FirstRead['documents']> }): Promise<{ opened: ActiveNamespace; page: IndexPage }> {
  const { opened, reply, documents } = await runOpenScript(redis, read, 'page');
  const [length, lastTaken] = reply as [number, string | null];
  return { opened, page: { length, lastTaken, documentsJson: documents as string } };
}

export async function activeReadModelKeys(redis: Redis): Promise<ReadModelKeys> {
  return (await openActiveNamespace(redis)).keys;
}
