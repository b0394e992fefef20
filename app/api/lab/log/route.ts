import { db, redis } from '@/server/context';
import { handleErrors, requireUser } from '@/server/http/handlers';
import { errorResponse, json } from '@/server/http/respond';
import { eventLogTailSchema, getEventLogTail } from '@/server/queries/get-event-log-tail';
import { fieldErrors } from '@/server/validation';

export async function GET(request: Request) {
  return handleErrors(async () => {
    await requireUser();
    const parsed = eventLogTailSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) {
      return errorResponse({ code: 'validation_failed', message: 'Some query parameters are invalid.', fields: fieldErrors(parsed.error) });
    }
    return json(await getEventLogTail(redis(), db(), parsed.data.limit));
  });
}
