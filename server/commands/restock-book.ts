import { z } from 'zod';
import { decideRestock } from '@/server/domain/books';
import { defineCommand } from './define-command';
import { bookId, restockQuantity } from './fields';
import { lockBookOrThrow } from './load-books';

export const restockBookSchema = z.strictObject({ bookId, quantity: restockQuantity });

export const restockBook = defineCommand({
  name: 'restock-book',
  schema: restockBookSchema,
  roles: ['admin'],
  async execute(tx, input) {
    const book = await lockBookOrThrow(tx.sql, input.bookId);
    const event = decideRestock(book, input.quantity);
    return { loaded: { books: new Map([[book.id, book]]) }, events: [event], result: {} };
  },
});
