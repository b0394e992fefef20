import { asc, inArray } from 'drizzle-orm';
import type { Sql } from '@/db/client';
import { books } from '@/db/schema';
import { send, statementPer } from '@/db/statement';
import type { BookState } from '@/server/domain/books';
import { DomainError } from '@/server/domain/errors';

type BookRow = {
  id: string;
  title: string;
  price_cents: number;
  stock: number;
  version: number;
};

/** One statement per number of books (placeholders `id0`, `id1`, ...), built once (db/statement.ts). */
const selectBooksForUpdate = statementPer<number, Record<string, string>>((db, p, count) =>
  db
    .select({ id: books.id, title: books.title, priceCents: books.priceCents, stock: books.stock, version: books.version })
    .from(books)
    .where(
      inArray(
        books.id,
        Array.from({ length: count }, (_, i) => p(`id${i}`)),
      ),
    )
    .orderBy(asc(books.id))
    .for('update'),
);

/**
 * Locks the given books for this transaction (`sql` is its connection),
 * always in id order so that two orders touching the same books cannot
 * deadlock.
 */
export async function lockBooks(sql: Sql, ids: readonly string[]): Promise<Map<string, BookState>> {
  if (ids.length === 0) return new Map();
  const values: Record<string, string> = {};
  ids.forEach((id, i) => (values[`id${i}`] = id));
  const rows = await send<BookRow>(sql, selectBooksForUpdate(ids.length, values));
  return new Map(rows.map((r) => [r.id, { id: r.id, title: r.title, priceCents: r.price_cents, stock: r.stock, version: r.version }]));
}

export async function lockBookOrThrow(sql: Sql, id: string): Promise<BookState> {
  const book = (await lockBooks(sql, [id])).get(id);
  if (!book) throw new DomainError('not_found', 'No such book.');
  return book;
}
