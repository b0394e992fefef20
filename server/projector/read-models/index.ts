// Every read model the projector feeds, in one list: an event goes to each one
// that handles it, in this order.
import type { StoredEvent } from '@/server/events/types';
import type { BatchWriter } from '../batch-writer';
import type { ReadModelKeys } from '../keys';
import { bestsellers } from './bestsellers';
import { bookDetail } from './book-detail';
import { catalog } from './catalog';
import { customerOrders } from './customer-orders';
import type { ReadModel } from './read-model';

export const READ_MODELS: readonly ReadModel[] = [bookDetail, catalog, customerOrders, bestsellers];

export async function applyEvent(event: StoredEvent, w: BatchWriter, keys: ReadModelKeys): Promise<void> {
  for (const model of READ_MODELS) await model.apply(event, w, keys);
}

/** Documents the batch's events will read (read-modify-write), to be fetched in one MGET. */
export function readsOf(event: StoredEvent, keys: ReadModelKeys): string[] {
  return READ_MODELS.flatMap((model) => model.reads(event, keys));
}
