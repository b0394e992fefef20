import { redis } from '@/server/context';
import { handleErrors, requireUser } from '@/server/http/handlers';
import { json } from '@/server/http/respond';
import { getMyOrderOrThrow } from '@/server/queries/get-order';
import { readContext } from '@/server/queries/read-context';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleErrors(async () => {
    const user = await requireUser('customer');
    return json(await getMyOrderOrThrow(readContext(redis()), user, (await params).id));
  });
}
