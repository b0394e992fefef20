import { addBook } from '@/server/commands/add-book';
import { redis } from '@/server/context';
import { commandRoute, handleErrors, parseQuery } from '@/server/http/handlers';
import { json } from '@/server/http/respond';
import { listBooks, listBooksSchema } from '@/server/queries/list-books';
import { readContext } from '@/server/queries/read-context';

export async function GET(request: Request) {
  return handleErrors(async () => json(await listBooks(readContext(redis()), parseQuery(request, listBooksSchema))));
}

export const POST = commandRoute(addBook, { successStatus: 201 });
