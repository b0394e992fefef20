// Every read model the projector feeds, in one list: an event goes to each one
// that handles it, in this order.
import type { EventType, StoredEvent } from '@/server/events/types';
import type { BatchWriter } from '../batch-writer';
import type { ReadModelKeys } from '../keys';
import { bestsellers } from './bestsellers';
import { bookDetail } from './book-detail';
import { catalog } from './catalog';
import { customerOrders } from './customer-orders';
import type { ReadModel } from './read-model';

export const READ_MODELS: readonly ReadModel[] = [bookDetail, catalog, customerOrders, bestsellers];

/** The read models handling each event type, in READ_MODELS order: looked up once per event, not asked one by one. */
const HANDLERS = new Map<EventType, ReadModel[]>();
for (const model of READ_MODELS) for (const type of model.handles) HANDLERS.set(type, [...(HANDLERS.get(type) ?? []), model]);

export function applyEvent(event: StoredEvent, w: BatchWriter, keys: ReadModelKeys): void {
  const models = HANDLERS.get(event.type);
  if (models) for (const model of models) model.apply(event, w, keys);
}

/** Documents the batch's events will read (read-modify-write), to be fetched in one MGET. */
export function readsOf(event: StoredEvent, keys: ReadModelKeys): string[] {
  const models = HANDLERS.get(event.type);
  if (!models) return [];
  return models.length === 1 ? models[0]!.reads(event, keys) : models.flatMap((model) => model.reads(event, keys));
}
