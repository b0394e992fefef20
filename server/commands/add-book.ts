import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { decideAddBook, MAX_STOCK } from '@/server/domain/books';
import { defineCommand } from './define-command';
import { priceCents, text } from './fields';

export const addBookSchema = z.strictObject({
  title: text(200),
  author: text(120),
  priceCents,
  stock: z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'cannot be negative').max(MAX_STOCK, 'is too large'),
});

export const addBook = defineCommand({
  name: 'add-book',
  schema: addBookSchema,
  roles: ['admin'],
  async execute(tx, input) {
    const event = decideAddBook({ bookId: randomUUID(), ...input });
    return { loaded: {}, events: [event], result: { bookId: event.bookId } };
  },
});
