import { z } from 'zod';
import type { BookView, Page } from '@/server/contracts/api';
import { catalogMember, idFromCatalogMember, MAX_PREFIX, words } from '@/server/projector/search-words';
import { getJsonMany, readModelStamp, type ReadContext } from './read-context';

export const listBooksSchema = z.object({
  q: z.string().max(200, 'search is at most 200 characters').optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
});

export type ListBooksInput = z.infer<typeof listBooksSchema>;

// A cursor is the catalog member of the last book shown, so both sources can resume after it.
const encodeCursor = (member: string) => Buffer.from(member).toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString();
export const encodeCatalogCursor = (title: string, id: string) => encodeCursor(catalogMember(title, id));
export function decodeCatalogCursor(cursor: string): { title: string; id: string } {
  const member = decodeCursor(cursor);
  return { title: member.slice(0, member.lastIndexOf('\u0000')), id: idFromCatalogMember(member) };
}

function matchesAll(book: BookView, required: string[]): boolean {
  const have = words(`${book.title} ${book.author}`);
  return required.every((w) => have.some((h) => h.startsWith(w)));
}

/** The catalog by title; `q` keeps books where every word prefixes a word of the title or author. */
export async function listBooks(ctx: ReadContext, input: ListBooksInput): Promise<Page<BookView>> {
  const projection = readModelStamp(ctx);
  const queryWords = words(input.q ?? '').map((w) => w.slice(0, MAX_PREFIX));
  // Walk the most selective index (the longest word); check the other words on the documents.
  const [indexWord, ...otherWords] = [...queryWords].sort((a, b) => b.length - a.length);
  const index = indexWord ? ctx.keys.catalogWord(indexWord) : ctx.keys.catalog;

  const start = input.cursor ? `(${decodeCursor(input.cursor)}` : '-';
  if (otherWords.length === 0) return { ...(await indexPage(ctx, index, start, input.limit)), projection };

  const items: BookView[] = [];
  let from = start;
  let lastSeen: string | null = null;
  let exhausted = false;
  while (items.length < input.limit && !exhausted) {
    const chunk = Math.max(input.limit * 2, 50);
    const members = await ctx.redis.zrangebylex(index, from, '+', 'LIMIT', 0, chunk);
    exhausted = members.length < chunk;
    const books = await getJsonMany<BookView>(ctx.redis, members.map((m) => ctx.keys.book(idFromCatalogMember(m))));
    for (const [i, book] of books.entries()) {
      if (items.length === input.limit) break;
      lastSeen = members[i]!;
      if (book && matchesAll(book, otherWords)) items.push(book);
    }
    if (lastSeen) from = `(${lastSeen}`;
    if (members.length === 0) exhausted = true;
  }
  const more = items.length === input.limit && lastSeen !== null && (await hasMore(ctx, index, lastSeen));
  return { items, nextCursor: more && lastSeen ? encodeCursor(lastSeen) : null, projection };
}

/** Every member of the index matches: one page is `limit + 1` members (the extra one says whether there is more) and their documents. */
async function indexPage(ctx: ReadContext, index: string, from: string, limit: number): Promise<Omit<Page<BookView>, 'projection'>> {
  const members = await ctx.redis.zrangebylex(index, from, '+', 'LIMIT', 0, limit + 1);
  const page = members.slice(0, limit);
  const books = await getJsonMany<BookView>(ctx.redis, page.map((m) => ctx.keys.book(idFromCatalogMember(m))));
  const last = page.at(-1);
  return { items: books.filter((b): b is BookView => b !== null), nextCursor: members.length > limit && last ? encodeCursor(last) : null };
}

async function hasMore(ctx: ReadContext, index: string, after: string): Promise<boolean> {
  return (await ctx.redis.zrangebylex(index, `(${after}`, '+', 'LIMIT', 0, 1)).length > 0;
}
