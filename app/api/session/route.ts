import { cookies } from 'next/headers';
import { getCurrentUser, getSession } from '@/server/auth/current-user';
import { signInFailed, signInRefused, signInSucceeded } from '@/server/auth/rate-limits';
import { currentLog, newSessionId, openSealedCookie, revokeSession, SESSION_COOKIE } from '@/server/auth/session';
import { issueSeenId } from '@/server/consistency/session-position';
import { log } from '@/server/log';
import { disconnectSession } from '@/server/realtime/disconnect-session';
import { checkCredentials, signInSchema } from '@/server/auth/sign-in';
import { db } from '@/server/context';
import { assertSameOrigin } from '@/server/http/check-origin';
import { handleErrors } from '@/server/http/handlers';
import { CLIENT_ADDRESS_HEADER } from '@/server/http/node-http';
import { readJsonBody } from '@/server/http/read-json-body';
import { errorResponse, json } from '@/server/http/respond';

export async function GET() {
  return handleErrors(async () => json({ user: await getCurrentUser() }));
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
    session.sid = newSessionId();
    session.log = await currentLog();
    await session.save();
    await issueSeenId();
    return json({ user });
  });
}

export async function DELETE(request: Request) {
  return handleErrors(async () => {
    assertSameOrigin(request.headers);
    // Revoked, not just forgotten by this browser: a copy of the cookie is refused from now on, sockets included.
    const opened = await openSealedCookie((await cookies()).get(SESSION_COOKIE)?.value).catch(() => null);
    (await getSession()).destroy();
    if (opened) {
      try {
        await revokeSession(opened.sid);
        disconnectSession(opened.sid);
      } catch (error) {
        // Signed out in this browser; a copy of the cookie stays valid until it expires. Said, not hidden.
        log.error('session.revoke_failed', { error: String(error) });
        return errorResponse({ code: 'unavailable', message: 'Signed out in this browser, but the session could not be revoked everywhere. Try again.' });
      }
    }
    return json({ user: null });
  });
}
