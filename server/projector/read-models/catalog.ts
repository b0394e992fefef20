// Read model: the catalog index, ordered by title, with a prefix index per
// word of title and author for search. Prices and stock live in book-detail.
import { catalogMember, prefixes } from '../search-words';
import { defineReadModel } from './read-model';

export const catalog = defineReadModel({
  name: 'catalog',
  handles: ['BookAdded'],
  apply(event, w, keys) {
    const member = catalogMember(event.title, event.bookId);
    w.zadd(keys.catalog, 0, member);
    for (const prefix of prefixes(`${event.title} ${event.author}`)) w.zadd(keys.catalogWord(prefix), 0, member);
    w.markChanged({ kind: 'catalog' });
  },
});
