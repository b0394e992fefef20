import { db, redis } from '@/server/context';
import { assertSameOrigin } from '@/server/http/check-origin';
import { handleErrors, requireUser } from '@/server/http/handlers';
import { errorResponse, json } from '@/server/http/respond';
import { requestRebuild } from '@/server/projector/rebuild-requests';

/** Admin: rebuild every read model beside the live ones; the active worker does it and switches when caught up. */
export async function POST(request: Request) {
  return handleErrors(async () => {
    assertSameOrigin(request.headers);
    await requireUser('admin');
    const { accepted, status } = await requestRebuild(db(), redis());
    if (!accepted) return errorResponse({ code: 'rebuild_in_progress', message: 'A rebuild is already running; wait for it to switch.' });
    return json({ rebuild: status }, 202);
  });
}
