// Read model: units sold per book, net of cancellations. Cheap to read only
// because it is maintained here; computing it on demand means scanning every order.
import type { OrderEvent, StoredEvent } from '@/server/events/types';
import type { BatchWriter } from '../batch-writer';
import type { ReadModelKeys } from '../keys';

export const handles = ['OrderPlaced', 'OrderCancelled'] as const;

export async function apply(event: StoredEvent & OrderEvent, w: BatchWriter, keys: ReadModelKeys): Promise<void> {
  const sign = event.type === 'OrderPlaced' ? 1 : -1;
  for (const line of event.lines) w.zincrby(keys.bestsellers, sign * line.quantity, line.bookId);
  w.markChanged({ kind: 'bestsellers' });
}
