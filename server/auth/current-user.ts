// Who is asking, for server components, server actions and route handlers.
import { getIronSession } from 'iron-session';
import { cookies } from 'next/headers';
import type { SessionUser } from '@/server/contracts/api';
import { SESSION_COOKIE, sessionOptions, userFromSealedCookie, type SessionData } from './session';

/** The session with its save and destroy, for signing in and out. */
export async function getSession() {
  return getIronSession<SessionData>(await cookies(), sessionOptions());
}

export async function getCurrentUser(): Promise<SessionUser | null> {
  return userFromSealedCookie((await cookies()).get(SESSION_COOKIE)?.value);
}
