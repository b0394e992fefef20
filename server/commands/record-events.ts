// The one place events become rows. A command decides events from the state
// it locked; here each event evolves its aggregate (server/domain/) and the
// row that stores the aggregate is written to match, with the version the
// event gives it. Handlers return events, never statements; the statements
// are built unsent, for the wrapper's three-round-trip transaction
// (db/transaction.ts).
import { eq } from 'drizzle-orm';
import { books, orderLines, orders } from '@/db/schema';
import type { Write } from '@/db/transaction';
import type { Tx } from '@/db/tx';
import { evolveBook, type BookState } from '@/server/domain/books';
import { evolveOrder, type OrderState } from '@/server/domain/orders';
import type { BookEvent, DomainEvent, OrderEvent, PendingEvent } from '@/server/events/types';

/** What the command locked and decided from: the states its events evolve. */
export interface Loaded {
  books?: ReadonlyMap<string, BookState>;
  order?: OrderState;
}

const isBookEvent = (event: DomainEvent): event is BookEvent => event.type.startsWith('Book');

function bookRow(tx: Tx, before: BookState | null, after: BookState, event: BookEvent): Write {
  if (event.type === 'BookAdded') {
    return tx.insert(books).values({ id: after.id, title: event.title, author: event.author, priceCents: after.priceCents, stock: after.stock, version: after.version });
  }
  // evolveBook refused any other event for a book without a state.
  const prev = before!;
  // Only the columns the event changed, and the version: the statement says what happened.
  const changed = { ...(after.priceCents !== prev.priceCents ? { priceCents: after.priceCents } : {}), ...(after.stock !== prev.stock ? { stock: after.stock } : {}) };
  return tx.update(books).set({ ...changed, version: after.version }).where(eq(books.id, after.id));
}

function orderRows(tx: Tx, before: OrderState | null, after: OrderState, event: OrderEvent): Write[] {
  if (event.type === 'OrderPlaced') {
    return [
      tx.insert(orders).values({ id: after.id, customerId: after.customerId, status: after.status, totalCents: event.totalCents, placedAt: new Date(event.placedAt), version: after.version }),
      tx.insert(orderLines).values(event.lines.map((l) => ({ orderId: after.id, ...l }))),
    ];
  }
  return [tx.update(orders).set({ status: after.status, version: after.version }).where(eq(orders.id, after.id))];
}

/** The decided events as the log stores them (with their aggregate versions) and the row writes that go with them, in order. */
export function recordEvents(tx: Tx, loaded: Loaded, decided: readonly DomainEvent[]): { writes: Write[]; events: PendingEvent[] } {
  const bookStates = new Map<string, BookState | null>(loaded.books);
  let order: OrderState | null = loaded.order ?? null;
  const writes: Write[] = [];
  const events: PendingEvent[] = [];
  for (const event of decided) {
    if (isBookEvent(event)) {
      const before = bookStates.get(event.bookId) ?? null;
      const after = evolveBook(before, event);
      bookStates.set(event.bookId, after);
      writes.push(bookRow(tx, before, after, event));
      events.push({ aggregateType: 'book', aggregateId: after.id, aggregateVersion: after.version, event });
    } else {
      const before = order?.id === event.orderId ? order : null;
      const after = evolveOrder(before, event);
      order = after;
      writes.push(...orderRows(tx, before, after, event));
      events.push({ aggregateType: 'order', aggregateId: after.id, aggregateVersion: after.version, event });
    }
  }
  return { writes, events };
}
