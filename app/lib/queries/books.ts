import type { BookView, Page } from '@/server/contracts/api';
import { defineReadModelQuery, withParams } from './read-model-query';

/** Books per catalog page (a constant of its own: server components import it, and they cannot take values from client modules). */
export const CATALOG_PAGE_SIZE = 24;

export interface BooksParams {
  q: string;
  cursor: string | null;
  limit: number;
}

/** The catalog: pages of books by title, or a word-prefix search. */
export const booksQuery = defineReadModelQuery<BooksParams, Page<BookView>>({
  name: 'catalog',
  root: ['books'],
  key: (p) => ['books', p],
  path: ({ q, cursor, limit }) => withParams('/api/books', { q, cursor: cursor ?? undefined, limit: String(limit) }),
  keysForTag: (tag) => (tag.kind === 'catalog' ? [['books']] : []),
  describe: (p, { items }) => ({ view: `books:${JSON.stringify(p)}`, value: items.map((b) => `${b.id.slice(0, 8)} ${b.stock}`).join(', '), items: items.map((b) => b.id) }),
});
