// Read model: units sold per book, net of cancellations. Cheap to read only
// because it is maintained here; computing it on demand means scanning every order.
import { defineReadModel } from './read-model';

export const bestsellers = defineReadModel({
  name: 'bestsellers',
  handles: ['OrderPlaced', 'OrderCancelled'],
  apply(event, w, keys) {
    const sign = event.type === 'OrderPlaced' ? 1 : -1;
    for (const line of event.lines) w.zincrby(keys.bestsellers, sign * line.quantity, line.bookId);
    w.markChanged({ kind: 'bestsellers' });
  },
});
