// Pure rules for placing and cancelling orders: state in, events out, no I/O.
import type { BookStockReleased, BookStockReserved, OrderCancelled, OrderEvent, OrderLine, OrderPlaced } from '@/server/events/types';
import type { BookState } from './books';
import { DomainError } from './errors';

export interface RequestedLine {
  bookId: string;
  quantity: number;
  /** The price the customer saw and decided on (decision 007): a different price refuses the whole order. */
  expectedPriceCents?: number;
}

/** Merges repeated books into one line each, so `[{a,1},{a,2}]` reserves 3 of a once. */
export function mergeLines(lines: readonly RequestedLine[]): { bookId: string; quantity: number }[] {
  const byBook = new Map<string, number>();
  for (const line of lines) byBook.set(line.bookId, (byBook.get(line.bookId) ?? 0) + line.quantity);
  return [...byBook].map(([bookId, quantity]) => ({ bookId, quantity }));
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

/** Refuses the order when any line's expected price is not what the book costs now: a stale read must not become a charge. */
function checkExpectedPrices(lines: readonly RequestedLine[], books: ReadonlyMap<string, BookState>): void {
  const changed = new Map<string, BookState>();
  for (const line of lines) {
    const book = books.get(line.bookId);
    if (book && line.expectedPriceCents !== undefined && line.expectedPriceCents !== book.priceCents) changed.set(book.id, book);
  }
  if (changed.size === 0) return;
  const list = [...changed.values()];
  const message =
    list.length === 1
      ? `The price of "${list[0]!.title}" changed to ${dollars(list[0]!.priceCents)} since you looked. Nothing was ordered.`
      : `Prices changed since you looked: ${list.map((b) => `"${b.title}" now ${dollars(b.priceCents)}`).join(', ')}. Nothing was ordered.`;
  throw new DomainError('price_changed', message, { currentPrices: list.map((b) => ({ bookId: b.id, title: b.title, priceCents: b.priceCents })) });
}

export function decidePlaceOrder(input: {
  orderId: string;
  customerId: string;
  lines: readonly RequestedLine[];
  books: ReadonlyMap<string, BookState>;
  now: Date;
}): { placed: OrderPlaced; reservations: BookStockReserved[] } {
  const lines: OrderLine[] = [];
  const reservations: BookStockReserved[] = [];
  checkExpectedPrices(input.lines, input.books);
  for (const { bookId, quantity } of mergeLines(input.lines)) {
    const book = input.books.get(bookId);
    if (!book) throw new DomainError('not_found', `No book with id ${bookId}.`);
    if (book.stock < quantity) {
      throw new DomainError(
        'insufficient_stock',
        book.stock === 0
          ? `"${book.title}" is out of stock.`
          : `Not enough stock for "${book.title}": ${book.stock} left, you asked for ${quantity}.`,
        { currentStock: [{ bookId, title: book.title, stock: book.stock }] },
      );
    }
    lines.push({ bookId, title: book.title, quantity, priceCents: book.priceCents });
    reservations.push({
      type: 'BookStockReserved',
      bookId,
      orderId: input.orderId,
      quantity,
      stock: book.stock - quantity,
    });
  }
  const totalCents = lines.reduce((sum, l) => sum + l.quantity * l.priceCents, 0);
  return {
    placed: {
      type: 'OrderPlaced',
      orderId: input.orderId,
      customerId: input.customerId,
      lines,
      totalCents,
      placedAt: input.now.toISOString(),
    },
    reservations,
  };
}

export interface OrderState {
  id: string;
  customerId: string;
  status: 'placed' | 'cancelled';
  lines: OrderLine[];
  version: number;
}

export function decideCancelOrder(input: {
  order: OrderState;
  requestedBy: string;
  books: ReadonlyMap<string, BookState>;
}): { cancelled: OrderCancelled; releases: BookStockReleased[] } {
  const { order } = input;
  // Someone else's order is reported as missing, never as forbidden: its existence is private.
  if (order.customerId !== input.requestedBy) throw new DomainError('not_found', 'No such order.');
  if (order.status !== 'placed') {
    throw new DomainError('order_not_cancellable', 'This order is already cancelled.');
  }
  const releases = order.lines.map((line): BookStockReleased => {
    const book = input.books.get(line.bookId);
    if (!book) throw new Error(`order ${order.id} references missing book ${line.bookId}`);
    return {
      type: 'BookStockReleased',
      bookId: line.bookId,
      orderId: order.id,
      quantity: line.quantity,
      stock: book.stock + line.quantity,
    };
  });
  return {
    cancelled: { type: 'OrderCancelled', orderId: order.id, customerId: order.customerId, lines: order.lines },
    releases,
  };
}

/** An order after one of its events (see evolveBook). Only OrderPlaced starts an order. */
export function evolveOrder(order: OrderState | null, event: OrderEvent): OrderState {
  if (event.type === 'OrderPlaced') return { id: event.orderId, customerId: event.customerId, status: 'placed', lines: event.lines, version: 1 };
  if (!order) throw new Error(`${event.type} for order ${event.orderId}, which has no state`);
  return { ...order, status: 'cancelled', version: order.version + 1 };
}
