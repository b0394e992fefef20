import { redis } from '@/server/context';
import { handleErrors } from '@/server/http/handlers';
import { json } from '@/server/http/respond';
import { getBestsellers } from '@/server/queries/get-bestsellers';
import { readContext } from '@/server/queries/read-context';

export async function GET() {
  return handleErrors(async () => json(await getBestsellers(readContext(redis()))));
}
