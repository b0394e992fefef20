import { getSession } from '@/server/auth/current-user';
import { signInFailed, signInRefused, signInSucceeded } from '@/server/auth/rate-limits';
import { checkCredentials, signInSchema } from '@/server/auth/sign-in';
import { db } from '@/server/context';
import { assertSameOrigin } from '@/server/http/check-origin';
import { handleErrors } from '@/server/http/handlers';
import { CLIENT_ADDRESS_HEADER } from '@/server/http/node-http';
import { readJsonBody } from '@/server/http/read-json-body';
import { errorResponse, json } from '@/server/http/respond';

export async function GET() {
  return handleErrors(async () => json({ user: (await getSession()).user ?? null }));
}

export async function POST(request: Request) {
  return handleErrors(async () => {
    assertSameOrigin(request.headers);
    const parsed = signInSchema.safeParse(await readJsonBody(request.headers, request.body));
    if (!parsed.success) return errorResponse({ code: 'validation_failed', message: 'Enter an email and a password.' });
    const { email } = parsed.data;
    // Set by web-main.ts from the socket, whatever the client sent.
    const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? 'unknown';
    const refused = await signInRefused(email, address);
    if (refused) return errorResponse(refused);
    const user = await checkCredentials(db(), parsed.data);
    if (!user) return errorResponse((await signInFailed(email, address)) ?? { code: 'unauthenticated', message: 'Wrong email or password.' });
    await signInSucceeded(email, address);
    const session = await getSession();
    session.user = user;
    await session.save();
    return json({ user });
  });
}

export async function DELETE(request: Request) {
  return handleErrors(async () => {
    assertSameOrigin(request.headers);
    (await getSession()).destroy();
    return json({ user: null });
  });
}
