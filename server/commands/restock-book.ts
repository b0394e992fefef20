import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { books } from '@/db/schema';
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
    const book = await lockBookOrThrow(tx, input.bookId);
    const event = decideRestock(book, input.quantity);
    const version = book.version + 1;
    await tx.update(books).set({ stock: event.stock, version }).where(eq(books.id, book.id));
    return {
      events: [{ aggregateType: 'book', aggregateId: book.id, aggregateVersion: version, event }],
      version,
      result: {},
    };
  },
});
