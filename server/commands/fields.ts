// Field rules shared by several commands, so the limits live in one place.
import { z } from 'zod';
import { MAX_PRICE_CENTS } from '@/server/domain/books';

export const bookId = z.uuid({ message: 'must be a book id' });
export const priceCents = z
  .number({ message: 'must be a number of cents' })
  .int('must be whole cents')
  .min(1, 'must be at least 1 cent')
  .max(MAX_PRICE_CENTS, 'is too large');
import { MAX_ORDER_QUANTITY } from '@/server/contracts/limits';

export { MAX_ORDER_QUANTITY };
export const orderQuantity = z
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_ORDER_QUANTITY, `cannot exceed ${MAX_ORDER_QUANTITY} per book`);
export const restockQuantity = z
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(100_000, 'cannot exceed 100000 at once');
export const text = (max: number) => z.string({ message: 'is required' }).trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
