import { db, redis } from '@/server/context';
import { assertSameOrigin } from '@/server/http/check-origin';
import { handleErrors, requireLabUser } from '@/server/http/handlers';
import { errorResponse, json } from '@/server/http/respond';
import { killActiveWorker } from '@/server/lab/kill-worker';
import { readActiveWorker } from '@/server/queries/get-projection-status';

export async function POST(request: Request) {
  return handleErrors(async () => {
    assertSameOrigin(request.headers);
    await requireLabUser();
    const killed = await killActiveWorker(db(), await readActiveWorker(redis()));
    if (!killed) return errorResponse({ code: 'no_active_worker', message: 'No worker is projecting right now; nothing was killed.' });
    return json(killed, 202);
  });
}
