// Read model: one JSON document per book, as the book page and catalog show it.
import type { BookView } from '@/server/contracts/api';
import type { BookEvent, StoredEvent } from '@/server/events/types';
import { defineReadModel } from './read-model';

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

export const bookDetail = defineReadModel({
  name: 'book-detail',
  handles: ['BookAdded', 'BookPriceChanged', 'BookRestocked', 'BookStockReserved', 'BookStockReleased'],
  reads: (event, keys) => (event.type === 'BookAdded' ? [] : [keys.book(event.bookId)]),
  apply(event, w, keys) {
    const key = keys.book(event.bookId);
    const next = evolve(event.type === 'BookAdded' ? null : w.getJson<BookView>(key), event);
    if (!next) return;
    w.setJson(key, next);
    w.markChanged({ kind: 'book', bookId: event.bookId }, { kind: 'catalog' });
  },
});
