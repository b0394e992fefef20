import { db, redis } from '@/server/context';
import { handleErrors } from '@/server/http/handlers';
import { json } from '@/server/http/respond';
import { getProjectionStatus } from '@/server/queries/get-projection-status';
import { readContext } from '@/server/queries/read-context';

export async function GET() {
  return handleErrors(async () => json(await getProjectionStatus(() => readContext(redis()), db())));
}
