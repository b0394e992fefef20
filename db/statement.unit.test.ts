import { inArray } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { describe, expect, it } from 'vitest';
import { books, orders } from './schema';
import { statement, statementPer } from './statement';

const direct = drizzle.mock();

describe('statement', () => {
  it('builds the text drizzle builds and encodes each value as its column does', () => {
    const insertOrder = statement<{ id: string; placedAt: Date }>((db, p) =>
      db.insert(orders).values({ id: p('id'), customerId: 'c', status: 'placed', totalCents: 1, placedAt: p('placedAt'), version: 1 }),
    );
    const placedAt = new Date('2026-01-02T03:04:05.000Z');
    const expected = direct.insert(orders).values({ id: 'o', customerId: 'c', status: 'placed', totalCents: 1, placedAt, version: 1 }).toSQL();
    expect(insertOrder({ id: 'o', placedAt })).toEqual(expected);
    // Filled again with other values: same text, new params.
    expect(insertOrder({ id: 'o2', placedAt }).params[0]).toBe('o2');
  });

  it('keeps one statement per key', () => {
    const select = statementPer<number, Record<string, string>>((db, p, count) =>
      db.select({ id: books.id }).from(books).where(inArray(books.id, Array.from({ length: count }, (_, i) => p(`id${i}`)))),
    );
    expect(select(2, { id0: 'a', id1: 'b' })).toEqual(direct.select({ id: books.id }).from(books).where(inArray(books.id, ['a', 'b'])).toSQL());
    expect(select(1, { id0: 'c' })).toEqual(direct.select({ id: books.id }).from(books).where(inArray(books.id, ['c'])).toSQL());
    expect(select(2, { id0: 'd', id1: 'e' }).params).toEqual(['d', 'e']);
  });
});
