import { z } from 'zod';
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
  // The lab page offers "Change price" to everyone in a public demo.
  demoRoles: ['customer'],
  async execute(tx, input) {
    const book = await lockBookOrThrow(tx.sql, input.bookId);
    const event = decideChangePrice(book, input);
    return { loaded: { books: new Map([[book.id, book]]) }, events: [event], result: {} };
  },
});
