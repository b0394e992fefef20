// Pure rules for the book aggregate: state in, events out, no I/O.
import type { BookAdded, BookEvent, BookPriceChanged, BookRestocked } from '@/server/events/types';
import { DomainError } from './errors';

export interface BookState {
  id: string;
  title: string;
  priceCents: number;
  stock: number;
  version: number;
}

export const MAX_PRICE_CENTS = 1_000_000_00;
export const MAX_STOCK = 1_000_000;

export function decideAddBook(input: {
  bookId: string;
  title: string;
  author: string;
  priceCents: number;
  stock: number;
}): BookAdded {
  return { type: 'BookAdded', ...input };
}

export function decideChangePrice(
  book: BookState,
  input: { priceCents: number; expectedVersion?: number | undefined },
): BookPriceChanged {
  if (input.expectedVersion !== undefined && input.expectedVersion !== book.version) {
    throw new DomainError(
      'version_conflict',
      `The book changed since you loaded it (you had version ${input.expectedVersion}, it is now ${book.version}).`,
    );
  }
  return {
    type: 'BookPriceChanged',
    bookId: book.id,
    priceCents: input.priceCents,
    previousPriceCents: book.priceCents,
  };
}

export function decideRestock(book: BookState, quantity: number): BookRestocked {
  const stock = book.stock + quantity;
  if (stock > MAX_STOCK) {
    throw new DomainError('validation_failed', `Stock cannot exceed ${MAX_STOCK}.`);
  }
  return { type: 'BookRestocked', bookId: book.id, quantity, stock };
}

/**
 * A book after one of its events: how the write side's row follows from what
 * was decided (server/commands/record-events.ts stores it). Each event is one
 * version. Only BookAdded starts a book.
 */
export function evolveBook(book: BookState | null, event: BookEvent): BookState {
  if (event.type === 'BookAdded') return { id: event.bookId, title: event.title, priceCents: event.priceCents, stock: event.stock, version: 1 };
  if (!book) throw new Error(`${event.type} for book ${event.bookId}, which has no state`);
  const version = book.version + 1;
  switch (event.type) {
    case 'BookPriceChanged':
      return { ...book, priceCents: event.priceCents, version };
    case 'BookRestocked':
    case 'BookStockReserved':
    case 'BookStockReleased':
      return { ...book, stock: event.stock, version };
  }
}
