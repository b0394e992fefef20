// Read model: one JSON document per book, as the book page and catalog show it.
import type { BookView } from '@/server/contracts/api';
import type { BookEvent, StoredEvent } from '@/server/events/types';
import type { BatchWriter } from '../batch-writer';
import type { ReadModelKeys } from '../keys';

export const handles = ['BookAdded', 'BookPriceChanged', 'BookRestocked', 'BookStockReserved', 'BookStockReleased'] as const;

export function evolve(book: BookView | null, event: StoredEvent & BookEvent): BookView | null {
  const version = event.aggregateVersion;
  if (event.type === 'BookAdded') {
    const { bookId: id, title, author, priceCents, stock } = event;
    return { id, title, author, priceCents, stock, version };
  }
  if (!book) return null;
  switch (event.type) {
    case 'BookPriceChanged':
      return { ...book, priceCents: event.priceCents, version };
    case 'BookRestocked':
    case 'BookStockReserved':
    case 'BookStockReleased':
      return { ...book, stock: event.stock, version };
  }
}

/** The documents `apply` reads, so a batch can fetch them together. */
export function reads(event: StoredEvent & BookEvent, keys: ReadModelKeys): string[] {
  return event.type === 'BookAdded' ? [] : [keys.book(event.bookId)];
}

export async function apply(event: StoredEvent & BookEvent, w: BatchWriter, keys: ReadModelKeys): Promise<void> {
  const key = keys.book(event.bookId);
  const next = evolve(event.type === 'BookAdded' ? null : await w.getJson<BookView>(key), event);
  if (!next) return;
  w.setJson(key, next);
  w.markChanged({ kind: 'book', bookId: event.bookId }, { kind: 'catalog' });
}
