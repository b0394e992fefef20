import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { BookView, Page } from '@/server/contracts/api';
import { catalogMember, idFromCatalogMember, MAX_PREFIX, words } from '@/server/projector/search-words';
import { JsonText } from './json-text';
import { getJsonMany, openAndRead, openAndReadPage, parseJsonMany, readModelStamp, UNSCOPED, type ReadContext } from './read-context';

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

/** A page of the catalog whose books may still be the text Redis holds (`listBooks(..., 'text')`). */
export type CatalogPage = Omit<Page<BookView>, 'items'> & { items: BookView[] | JsonText<BookView[]> };

/**
 * The catalog by title; `q` keeps books where every word prefixes a word of the title or author.
 * `text`: a page that needs no filtering hands its books over as the one JSON array Redis
 * joined them into, for the HTTP API to send on unparsed (json-text.ts); pages rendered here want objects.
 */
export async function listBooks(redis: Redis, input: ListBooksInput): Promise<Page<BookView>>;
export async function listBooks(redis: Redis, input: ListBooksInput, form: 'text'): Promise<CatalogPage>;
export async function listBooks(redis: Redis, input: ListBooksInput, form: 'object' | 'text' = 'object'): Promise<CatalogPage> {
  const queryWords = input.q ? words(input.q).map((w) => w.slice(0, MAX_PREFIX)) : [];
  // Walk the most selective index (the longest word); check the other words on the documents.
  const [indexWord, ...otherWords] = [...queryWords].sort((a, b) => b.length - a.length);
  const index = indexWord ? UNSCOPED.catalogWord(indexWord) : UNSCOPED.catalog;
  const start = input.cursor ? `(${decodeCursor(input.cursor)}` : '-';
  const documents = { prefix: UNSCOPED.book(''), take: input.limit };
  if (otherWords.length === 0) {
    // Every member of the index matches: a page is `limit + 1` members (the extra one says whether there is more) and their documents.
    const { ctx, page } = await openAndReadPage(redis, { command: 'ZRANGEBYLEX', key: index, args: [start, '+', 'LIMIT', 0, input.limit + 1], documents });
    const items = form === 'text' ? new JsonText<BookView[]>(page.documentsJson) : (JSON.parse(page.documentsJson) as BookView[]);
    return { items, nextCursor: page.length > input.limit && page.lastTaken ? encodeCursor(page.lastTaken) : null, projection: readModelStamp(ctx) };
  }
  const chunk = Math.max(input.limit * 2, 50);
  const first = await openAndRead(redis, { command: 'ZRANGEBYLEX', key: index, args: [start, '+', 'LIMIT', 0, chunk], documents: { ...documents, take: chunk } });
  const books = parseJsonMany<BookView>(first.documents);
  const members = first.reply as string[];
  return { ...(await filteredPage(first.ctx, first.ctx.keys.namespace + index, otherWords, input.limit, chunk, members, books)), projection: readModelStamp(first.ctx) };
}

/** Walks the index chunk by chunk (the first one already read) keeping the books that match every other word. */
async function filteredPage(ctx: ReadContext, index: string, required: string[], limit: number, chunk: number, firstMembers: string[], firstBooks: (BookView | null)[]) {
  const items: BookView[] = [];
  let lastSeen: string | null = null;
  let members = firstMembers;
  let books = firstBooks;
  for (;;) {
    for (const [i, book] of books.entries()) {
      if (items.length === limit) break;
      lastSeen = members[i]!;
      if (book && matchesAll(book, required)) items.push(book);
    }
    if (items.length === limit || members.length < chunk || !lastSeen) break;
    members = await ctx.redis.zrangebylex(index, `(${lastSeen}`, '+', 'LIMIT', 0, chunk);
    books = await getJsonMany<BookView>(ctx.redis, members.map((m) => ctx.keys.book(idFromCatalogMember(m))));
  }
  const more = items.length === limit && lastSeen !== null && (await hasMore(ctx, index, lastSeen));
  return { items, nextCursor: more && lastSeen ? encodeCursor(lastSeen) : null };
}

async function hasMore(ctx: ReadContext, index: string, after: string): Promise<boolean> {
  return (await ctx.redis.zrangebylex(index, `(${after}`, '+', 'LIMIT', 0, 1)).length > 0;
}
