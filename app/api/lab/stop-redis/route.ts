import { env } from '@/server/env';
import { assertSameOrigin } from '@/server/http/check-origin';
import { handleErrors, requireLabUser } from '@/server/http/handlers';
import { readJsonBody } from '@/server/http/read-json-body';
import { errorResponse, json } from '@/server/http/respond';
import { stopRedis, stopRedisSchema } from '@/server/lab/stop-redis';
import { fieldErrors } from '@/server/validation';

export async function POST(request: Request) {
  return handleErrors(async () => {
    assertSameOrigin(request.headers);
    await requireLabUser();
    const parsed = stopRedisSchema.safeParse(await readJsonBody(request.headers, request.body));
    if (!parsed.success) return errorResponse({ code: 'validation_failed', message: 'How long to stop Redis is invalid.', fields: fieldErrors(parsed.error) });
    return json(await stopRedis(env().REDIS_URL, parsed.data.ms), 202);
  });
}
