import type { BookResponse } from '@/server/contracts/api';
import { defineReadModelQuery } from './read-model-query';

export const bookQuery = defineReadModelQuery<string, BookResponse>({
  name: 'book',
  root: ['book'],
  key: (id) => ['book', id],
  path: (id) => `/api/books/${encodeURIComponent(id)}`,
  keysForTag: (tag) => (tag.kind === 'book' ? [['book', tag.bookId]] : []),
  describe: (id, { book }) => ({ view: `book:${id}`, value: `stock ${book.stock}, ${book.priceCents} cents` }),
});
