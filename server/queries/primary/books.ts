// The catalog, a book and the bestsellers computed from Postgres, in the same
// shapes and order as the read models.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { books, orderLines, orders } from '@/db/schema';
import type { BestsellerView, BookView } from '@/server/contracts/api';
import { DomainError } from '@/server/domain/errors';
import { BESTSELLER_COUNT } from '../get-bestsellers';
import { decodeCatalogCursor, encodeCatalogCursor, type ListBooksInput } from '../list-books';
import { MAX_PREFIX, words } from '@/server/projector/search-words';
import type { Tx } from '@/db/tx';
import { isUuid } from './is-uuid';

const bookColumns = {
  id: books.id,
  title: books.title,
  author: books.author,
  priceCents: books.priceCents,
  stock: books.stock,
  version: books.version,
};

// Byte order, like Redis's lexicographic sorted sets.
const titleKey = sql`lower(${books.title}) collate "C"`;

export async function listBooksFromPrimary(tx: Tx, input: ListBooksInput) {
  const conditions: SQL[] = words(input.q ?? '').map(
    // words() yields only letters and digits, so each is safe inside a regex.
    (w) => sql`(${books.title} || ' ' || ${books.author}) ~* ${`\\m${w.slice(0, MAX_PREFIX)}`}`,
  );
  if (input.cursor) {
    const { title, id } = decodeCatalogCursor(input.cursor);
    conditions.push(sql`(${titleKey}, ${books.id}::text) > (${title} collate "C", ${id})`);
  }
  const rows = await tx
    .select(bookColumns)
    .from(books)
    .where(and(...conditions))
    .orderBy(titleKey, asc(sql`${books.id}::text`))
    .limit(input.limit + 1);
  const items: BookView[] = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeCatalogCursor(last.title, last.id) : null };
}

export async function getBookFromPrimaryOrThrow(tx: Tx, id: string): Promise<BookView> {
  if (!isUuid(id)) throw new DomainError('not_found', 'No such book.');
  const [book] = await tx.select(bookColumns).from(books).where(eq(books.id, id));
  if (!book) throw new DomainError('not_found', 'No such book.');
  return book;
}

export async function bestsellersFromPrimary(tx: Tx): Promise<BestsellerView[]> {
  // The scan over every placed order that the bestsellers read model exists to avoid.
  const units = sql<number>`sum(${orderLines.quantity})::int`;
  return tx
    .select({ ...bookColumns, unitsSold: units })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(books, eq(books.id, orderLines.bookId))
    .where(eq(orders.status, 'placed'))
    .groupBy(books.id)
    .having(sql`sum(${orderLines.quantity}) > 0`)
    .orderBy(desc(units), desc(sql`${books.id}::text`))
    .limit(BESTSELLER_COUNT);
}
