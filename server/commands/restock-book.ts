import { z } from 'zod';
import { decideRestock } from '@/server/domain/books';
import { defineCommand } from './define-command';
import { bookId, restockQuantity } from './fields';
import { lockBookOrThrow, bookChange } from './load-books';

export const restockBookSchema = z.strictObject({ bookId, quantity: restockQuantity });

export const restockBook = defineCommand({
  name: 'restock-book',
  schema: restockBookSchema,
  roles: ['admin'],
  async execute(tx, input) {
    const book = await lockBookOrThrow(tx.db, input.bookId);
    const event = decideRestock(book, input.quantity);
    return bookChange(tx.db, book, { stock: event.stock }, event);
  },
});
