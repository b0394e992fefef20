import { asc, eq, inArray } from 'drizzle-orm';
import { books } from '@/db/schema';
import type { Tx } from '@/db/tx';
import type { BookState } from '@/server/domain/books';
import { DomainError } from '@/server/domain/errors';
import type { Write } from '@/db/transaction';
import type { BookEvent, PendingEvent } from '@/server/events/types';
import type { Decision } from './define-command';

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

type BookColumns = Partial<Pick<typeof books.$inferInsert, 'priceCents' | 'stock'>>;

/** Decided changes to locked books, each bumping the book's version: their writes and events, in order. */
export function bookChanges(tx: Tx, changes: readonly { book: BookState; columns: BookColumns; event: BookEvent }[]): { writes: Write[]; events: PendingEvent[] } {
  const writes: Write[] = [];
  const events: PendingEvent[] = [];
  for (const { book, columns, event } of changes) {
    const version = book.version + 1;
    writes.push(tx.update(books).set({ ...columns, version }).where(eq(books.id, book.id)));
    events.push({ aggregateType: 'book', aggregateId: book.id, aggregateVersion: version, event });
  }
  return { writes, events };
}

/** One decided change to a book, as the command's decision. */
export function bookChange(tx: Tx, book: BookState, columns: BookColumns, event: BookEvent): Decision<Record<string, never>> {
  return { ...bookChanges(tx, [{ book, columns, event }]), version: book.version + 1, result: {} };
}
