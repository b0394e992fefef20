// Applies a batch of events to every read model and moves the checkpoint, in
// one MULTI/EXEC guarded by WATCH on the checkpoint. If anything else moved the
// checkpoint since we read it (a second worker, a restart racing us), EXEC
// aborts and nothing of the batch is written: an event is never applied twice.
// The live projector also watches the active-namespace pointer, so once a
// rebuild has switched namespaces the old one is frozen: a reader that resolved
// the old namespace just before the switch can never see it move past the new.
import type { Redis } from 'ioredis';
import type { StoredEvent } from '@/server/events/types';
import { BatchWriter } from './batch-writer';
import { activeNamespace, ACTIVE_NAMESPACE_KEY, type ReadModelKeys } from './keys';
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

export type BatchOutcome =
  | { applied: true; position: number; count: number; occurredAt: number; changed: string[] }
  | { applied: false; reason: 'checkpoint-moved' | 'namespace-switched' };

/**
 * `redis` must be a connection of its own: WATCH is per connection.
 * `logHead` is passed when starting from an empty store: if the log goes
 * beyond this batch, the store is marked as rebuilding until it reaches it.
 */
export async function applyBatch(
  redis: Redis,
  keys: ReadModelKeys,
  expectedCheckpoint: number,
  batch: readonly StoredEvent[],
  logHead?: number,
  options: { mustBeActive?: boolean } = {},
): Promise<BatchOutcome> {
  const last = batch.at(-1);
  if (!last) throw new Error('applyBatch needs at least one event');
  await redis.watch(options.mustBeActive ? [keys.checkpoint, ACTIVE_NAMESPACE_KEY] : [keys.checkpoint]);
  if ((await readCheckpoint(redis, keys)) !== expectedCheckpoint) {
    await redis.unwatch();
    return { applied: false, reason: 'checkpoint-moved' };
  }
  if (options.mustBeActive && (await activeNamespace(redis)) !== keys.namespace) {
    await redis.unwatch();
    return { applied: false, reason: 'namespace-switched' };
  }
  const multi = redis.multi();
  const writer = new BatchWriter(redis, multi);
  try {
    await writer.prefetch(batch.flatMap((event) => readsOf(event, keys)));
    for (const event of batch) await applyEvent(event, writer, keys);
  } catch (error) {
    multi.discard();
    await redis.unwatch();
    throw error;
  }
  multi.set(keys.checkpoint, last.position);
  multi.set(keys.checkpointOccurredAt, last.occurredAt.getTime());
  const rebuildingUntil = logHead ?? Number((await redis.get(keys.rebuildingUntil)) ?? 0);
  if (rebuildingUntil > last.position) multi.set(keys.rebuildingUntil, rebuildingUntil);
  else multi.del(keys.rebuildingUntil);
  const results = await multi.exec();
  if (results === null) return { applied: false, reason: 'checkpoint-moved' };
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  return { applied: true, position: last.position, count: batch.length, occurredAt: last.occurredAt.getTime(), changed: [...writer.changed] };
}
