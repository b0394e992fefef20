// Applies a batch of events to every read model and moves the checkpoint, in
// one MULTI/EXEC guarded by WATCH on the checkpoint. If anything else moved the
// checkpoint since we read it (a second worker, a restart racing us), EXEC
// aborts and nothing of the batch is written: an event is never applied twice.
// The live projector also watches the active-namespace pointer, so once a
// rebuild has switched namespaces the old one is frozen: a reader that resolved
// the old namespace just before the switch can never see it move past the new.
import type { ChainableCommander, Redis } from 'ioredis';
import type { ProjectionAdvanced } from '@/server/contracts/api';
import type { StoredEvent } from '@/server/events/types';
import { BatchWriter } from './batch-writer';
import { ACTIVE_NAMESPACE_KEY, DEFAULT_NAMESPACE, readModelKeys, type ReadModelKeys } from './keys';
import * as bestsellers from './read-models/bestsellers';
import * as bookDetail from './read-models/book-detail';
import * as catalog from './read-models/catalog';
import * as customerOrders from './read-models/customer-orders';

/** Which read models each event feeds. */
async function applyEvent(event: StoredEvent, w: BatchWriter, keys: ReadModelKeys): Promise<void> {
  switch (event.type) {
    case 'BookAdded':
      await bookDetail.apply(event, w, keys);
      await catalog.apply(event, w, keys);
      return;
    case 'BookPriceChanged':
    case 'BookRestocked':
    case 'BookStockReserved':
    case 'BookStockReleased':
      await bookDetail.apply(event, w, keys);
      return;
    case 'OrderPlaced':
    case 'OrderCancelled':
      await customerOrders.apply(event, w, keys);
      await bestsellers.apply(event, w, keys);
      return;
  }
}

/** Documents the batch's events will read (read-modify-write), fetched in one MGET. */
function readsOf(event: StoredEvent, keys: ReadModelKeys): string[] {
  switch (event.type) {
    case 'BookAdded':
    case 'BookPriceChanged':
    case 'BookRestocked':
    case 'BookStockReserved':
    case 'BookStockReleased':
      return bookDetail.reads(event, keys);
    case 'OrderPlaced':
    case 'OrderCancelled':
      return customerOrders.reads(event, keys);
  }
}

export async function readCheckpoint(redis: Redis, keys: ReadModelKeys): Promise<number> {
  return Number((await redis.get(keys.checkpoint)) ?? 0);
}

// The active namespace and its checkpoint in one round trip (the key name
// depends on the first value). A single Redis, not a cluster: keys outside KEYS
// are fine. keys.unit.test.ts pins the key name spelled out here.
const ACTIVE_CURSOR_SCRIPT = `
local ns = redis.call('GET', KEYS[1]) or ARGV[1]
return {ns, redis.call('GET', ns .. ':checkpoint') or '0'}`;

/** Where the live projector stands: the active namespace and its checkpoint. */
export async function readActiveCursor(redis: Redis): Promise<{ keys: ReadModelKeys; checkpoint: number }> {
  const [namespace, checkpoint] = (await redis.eval(ACTIVE_CURSOR_SCRIPT, 1, ACTIVE_NAMESPACE_KEY, DEFAULT_NAMESPACE)) as [string, string];
  return { keys: readModelKeys(namespace), checkpoint: Number(checkpoint) };
}

export type BatchOutcome =
  | { applied: true; position: number; count: number; occurredAt: number; changed: string[]; announcement: ProjectionAdvanced }
  | { applied: false; reason: 'checkpoint-moved' | 'namespace-switched' };

export interface ApplyOptions {
  /** Passed when starting from an empty store: if the log goes beyond this batch, the store is marked as rebuilding until it reaches it. */
  logHead?: number;
  /** The live projector: refuse to write unless `keys` is the active namespace (a rebuild may have switched it). */
  mustBeActive?: boolean;
  /** Publish the announcement on this channel inside the same EXEC: visible and announced at once. */
  announceOn?: string;
}

/**
 * `redis` must be a connection of its own: WATCH is per connection.
 * Round trips: WATCH + MGET (pipelined), the batch's documents, EXEC.
 */
export async function applyBatch(
  redis: Redis,
  keys: ReadModelKeys,
  expectedCheckpoint: number,
  batch: readonly StoredEvent[],
  options: ApplyOptions = {},
): Promise<BatchOutcome> {
  const last = batch.at(-1);
  if (!last) throw new Error('applyBatch needs at least one event');
  // Sent together: the connection runs WATCH before the MGET, so what we check is what EXEC guards.
  const [, [checkpoint, pointer, rebuilding]] = await Promise.all([
    redis.watch(options.mustBeActive ? [keys.checkpoint, ACTIVE_NAMESPACE_KEY] : [keys.checkpoint]),
    redis.mget(keys.checkpoint, ACTIVE_NAMESPACE_KEY, keys.rebuildingUntil),
  ]);
  if (Number(checkpoint ?? 0) !== expectedCheckpoint) {
    await redis.unwatch();
    return { applied: false, reason: 'checkpoint-moved' };
  }
  if (options.mustBeActive && (pointer ?? DEFAULT_NAMESPACE) !== keys.namespace) {
    await redis.unwatch();
    return { applied: false, reason: 'namespace-switched' };
  }
  const multi = redis.multi();
  let changed: string[];
  try {
    changed = await queueBatch(redis, multi, keys, batch);
  } catch (error) {
    multi.discard();
    await redis.unwatch();
    throw error;
  }
  const rebuildingUntil = options.logHead ?? Number(rebuilding ?? 0);
  if (rebuildingUntil > last.position) multi.set(keys.rebuildingUntil, rebuildingUntil);
  else multi.del(keys.rebuildingUntil);
  const announcement: ProjectionAdvanced = {
    from: expectedCheckpoint,
    position: last.position,
    applied: batch.length,
    occurredAt: last.occurredAt.getTime(),
    changed,
  };
  if (options.announceOn) multi.publish(options.announceOn, JSON.stringify(announcement));
  const results = await multi.exec();
  if (results === null) return { applied: false, reason: 'checkpoint-moved' };
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  return { applied: true, position: last.position, count: batch.length, occurredAt: announcement.occurredAt!, changed: announcement.changed, announcement };
}

/**
 * For a namespace that nobody reads yet and only one process writes (a
 * rebuild, under its lock): the same writes as a plain pipeline, without
 * WATCH or MULTI. Not atomic, and it need not be: an interrupted rebuild is
 * deleted, never resumed, and readers only see the namespace once it is complete.
 */
export async function applyBatchPrivately(redis: Redis, keys: ReadModelKeys, batch: readonly StoredEvent[]): Promise<{ position: number; count: number }> {
  const last = batch.at(-1);
  if (!last) throw new Error('applyBatchPrivately needs at least one event');
  const pipeline = redis.pipeline();
  await queueBatch(redis, pipeline, keys, batch);
  const failed = (await pipeline.exec())?.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  return { position: last.position, count: batch.length };
}

/** Queues every read-model write of the batch and the new checkpoint; returns the tags of what changed. */
async function queueBatch(redis: Redis, commands: ChainableCommander, keys: ReadModelKeys, batch: readonly StoredEvent[]): Promise<string[]> {
  const writer = new BatchWriter(redis, commands);
  await writer.prefetch(batch.flatMap((event) => readsOf(event, keys)));
  for (const event of batch) await applyEvent(event, writer, keys);
  const last = batch.at(-1)!;
  commands.set(keys.checkpoint, last.position);
  commands.set(keys.checkpointOccurredAt, last.occurredAt.getTime());
  return [...writer.changed];
}
