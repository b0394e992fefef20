import { asc, inArray } from 'drizzle-orm';
import { books } from '@/db/schema';
import type { Tx } from '@/db/tx';
import type { BookState } from '@/server/domain/books';
import { DomainError } from '@/server/domain/errors';

/**
 * Locks the given books for this transaction, always in id order so that two
 * orders touching the same books cannot deadlock.
 */
export async function lockBooks(tx: Tx, ids: readonly string[]): Promise<Map<string, BookState>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: books.id, title: books.title, priceCents: books.priceCents, stock: books.stock, version: books.version })
    .from(books)
    .where(inArray(books.id, [...ids]))
    .orderBy(asc(books.id))
    .for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

export async function lockBookOrThrow(tx: Tx, id: string): Promise<BookState> {
  const book = (await lockBooks(tx, [id])).get(id);
  if (!book) throw new DomainError('not_found', 'No such book.');
  return book;
}
