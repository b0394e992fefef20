// The one place events become rows. A command decides events from the state
// it locked; here each event evolves its aggregate (server/domain/) and the
// row that stores the aggregate is written to match, with the version the
// event gives it. Handlers return events, never statements; the statements
// are built unsent, for the wrapper's three-round-trip transaction
// (db/transaction.ts), from statements drizzle builds once (db/statement.ts).
import { eq, sql, type Query } from 'drizzle-orm';
import { books, orderLines, orders } from '@/db/schema';
import { statement, statementPer } from '@/db/statement';
import { evolveBook, type BookState } from '@/server/domain/books';
import { evolveOrder, type OrderState } from '@/server/domain/orders';
import type { BookEvent, DomainEvent, OrderEvent, PendingEvent } from '@/server/events/types';

/** What the command locked and decided from: the states its events evolve. */
export interface Loaded {
  books?: ReadonlyMap<string, BookState>;
  order?: OrderState;
}

const isBookEvent = (event: DomainEvent): event is BookEvent => event.type.startsWith('Book');

// The statements, built once each (db/statement.ts): their text never changes, only their values.
const insertBook = statement<{ id: string; title: string; author: string; priceCents: number; stock: number; version: number }>((db, p) =>
  db.insert(books).values({ id: p('id'), title: p('title'), author: p('author'), priceCents: p('priceCents'), stock: p('stock'), version: p('version') }),
);
type BookColumns = 'price' | 'stock' | 'price+stock' | 'version';
const updateBook = statementPer<BookColumns, { id: string; priceCents?: number; stock?: number; version: number }>((db, p, columns) =>
  db
    .update(books)
    .set({
      ...(columns === 'price' || columns === 'price+stock' ? { priceCents: sql`${p('priceCents')}` } : {}),
      ...(columns === 'stock' || columns === 'price+stock' ? { stock: sql`${p('stock')}` } : {}),
      version: sql`${p('version')}`,
    })
    .where(eq(books.id, p('id'))),
);
const insertOrder = statement<{ id: string; customerId: string; status: string; totalCents: number; placedAt: Date; version: number }>((db, p) =>
  db.insert(orders).values({ id: p('id'), customerId: p('customerId'), status: p('status'), totalCents: p('totalCents'), placedAt: p('placedAt'), version: p('version') }),
);
/** Placeholders `<field><i>` for line i. */
const insertOrderLines = statementPer<number, Record<string, unknown>>((db, p, count) =>
  db.insert(orderLines).values(
    Array.from({ length: count }, (_, i) => ({
      orderId: p(`orderId${i}`),
      bookId: p(`bookId${i}`),
      title: p(`title${i}`),
      quantity: p(`quantity${i}`),
      priceCents: p(`priceCents${i}`),
    })),
  ),
);
const updateOrder = statement<{ id: string; status: string; version: number }>((db, p) =>
  db.update(orders).set({ status: sql`${p('status')}`, version: sql`${p('version')}` }).where(eq(orders.id, p('id'))),
);

function bookRow(before: BookState | null, after: BookState, event: BookEvent): Query {
  if (event.type === 'BookAdded') {
    return insertBook({ id: after.id, title: event.title, author: event.author, priceCents: after.priceCents, stock: after.stock, version: after.version });
  }
  // evolveBook refused any other event for a book without a state.
  const prev = before!;
  // Only the columns the event changed, and the version: the statement says what happened.
  const price = after.priceCents !== prev.priceCents;
  const stock = after.stock !== prev.stock;
  const columns: BookColumns = price && stock ? 'price+stock' : price ? 'price' : stock ? 'stock' : 'version';
  return updateBook(columns, { id: after.id, priceCents: after.priceCents, stock: after.stock, version: after.version });
}

function orderRows(before: OrderState | null, after: OrderState, event: OrderEvent): Query[] {
  if (event.type === 'OrderPlaced') {
    const lines: Record<string, unknown> = {};
    event.lines.forEach((l, i) => {
      lines[`orderId${i}`] = after.id;
      lines[`bookId${i}`] = l.bookId;
      lines[`title${i}`] = l.title;
      lines[`quantity${i}`] = l.quantity;
      lines[`priceCents${i}`] = l.priceCents;
    });
    return [
      insertOrder({ id: after.id, customerId: after.customerId, status: after.status, totalCents: event.totalCents, placedAt: new Date(event.placedAt), version: after.version }),
      insertOrderLines(event.lines.length, lines),
    ];
  }
  return [updateOrder({ id: after.id, status: after.status, version: after.version })];
}

/** The decided events as the log stores them (with their aggregate versions) and the row writes that go with them, in order. */
export function recordEvents(loaded: Loaded, decided: readonly DomainEvent[]): { writes: Query[]; events: PendingEvent[] } {
  const bookStates = new Map<string, BookState | null>(loaded.books);
  let order: OrderState | null = loaded.order ?? null;
  const writes: Query[] = [];
  const events: PendingEvent[] = [];
  for (const event of decided) {
    if (isBookEvent(event)) {
      const before = bookStates.get(event.bookId) ?? null;
      const after = evolveBook(before, event);
      bookStates.set(event.bookId, after);
      writes.push(bookRow(before, after, event));
      events.push({ aggregateType: 'book', aggregateId: after.id, aggregateVersion: after.version, event });
    } else {
      const before = order?.id === event.orderId ? order : null;
      const after = evolveOrder(before, event);
      order = after;
      writes.push(...orderRows(before, after, event));
      events.push({ aggregateType: 'order', aggregateId: after.id, aggregateVersion: after.version, event });
    }
  }
  return { writes, events };
}
