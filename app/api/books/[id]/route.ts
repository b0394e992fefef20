import { redis } from '@/server/context';
import { handleErrors } from '@/server/http/handlers';
import { json } from '@/server/http/respond';
import { getBookOrThrow } from '@/server/queries/get-book';
import { readContext } from '@/server/queries/read-context';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleErrors(async () => json(await getBookOrThrow(readContext(redis()), (await params).id)));
}
