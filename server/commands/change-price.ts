import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { books } from '@/db/schema';
import { decideChangePrice } from '@/server/domain/books';
import { defineCommand } from './define-command';
import { bookId, priceCents } from './fields';
import { lockBookOrThrow } from './load-books';

export const changePriceSchema = z.strictObject({
  bookId,
  priceCents,
  expectedVersion: z.number().int().min(1).optional(),
});

export const changePrice = defineCommand({
  name: 'change-price',
  schema: changePriceSchema,
  roles: ['admin'],
  async execute(tx, input) {
    const book = await lockBookOrThrow(tx, input.bookId);
    const event = decideChangePrice(book, input);
    const version = book.version + 1;
    await tx.update(books).set({ priceCents: event.priceCents, version }).where(eq(books.id, book.id));
    return {
      events: [{ aggregateType: 'book', aggregateId: book.id, aggregateVersion: version, event }],
      version,
      result: {},
    };
  },
});
