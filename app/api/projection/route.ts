import { db, redis } from '@/server/context';
import { handleErrors } from '@/server/http/handlers';
import { json } from '@/server/http/respond';
import { getProjectionStatus } from '@/server/queries/get-projection-status';

export async function GET() {
  return handleErrors(async () => json(await getProjectionStatus(redis(), db())));
}
