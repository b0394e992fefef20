import { db } from '@/server/context';
import { assertSameOrigin } from '@/server/http/check-origin';
import { handleErrors, requireLabUser } from '@/server/http/handlers';
import { readJsonBody } from '@/server/http/read-json-body';
import { errorResponse, json } from '@/server/http/respond';
import { labUpdateSchema, readLabSettings, writeLabSettings } from '@/server/lab/lab-settings';
import { fieldErrors } from '@/server/validation';

export async function GET() {
  return handleErrors(async () => {
    await requireLabUser();
    return json(await readLabSettings(db()));
  });
}

export async function PUT(request: Request) {
  return handleErrors(async () => {
    assertSameOrigin(request.headers);
    await requireLabUser();
    const parsed = labUpdateSchema.safeParse(await readJsonBody(request.headers, request.body));
    if (!parsed.success) {
      return errorResponse({ code: 'validation_failed', message: 'Some lab settings are invalid.', fields: fieldErrors(parsed.error) });
    }
    return json(await writeLabSettings(db(), parsed.data));
  });
}
