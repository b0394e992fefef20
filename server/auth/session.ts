// The session is a sealed (encrypted + signed) httpOnly cookie, via iron-session.
// The same seal is opened by route handlers, server actions and the socket.io handshake.
import { unsealData, type SessionOptions } from 'iron-session';
import type { SessionUser } from '@/server/contracts/api';
import { env } from '@/server/env';

export const SESSION_COOKIE = 'bookstore_session';
const MAX_AGE_SECONDS = 7 * 24 * 3600;

export interface SessionData {
  user?: SessionUser;
}

export function sessionOptions(): SessionOptions {
  return {
    cookieName: SESSION_COOKIE,
    password: env().SESSION_SECRET,
    ttl: MAX_AGE_SECONDS,
    cookieOptions: {
      httpOnly: true,
      sameSite: 'lax',
      // The demo runs on plain http://localhost; set COOKIE_SECURE=1 behind TLS.
      secure: process.env.COOKIE_SECURE === '1',
      path: '/',
    },
  };
}

/** For callers outside Next's request scope (the socket.io handshake). */
export async function userFromSealedCookie(sealed: string | undefined): Promise<SessionUser | null> {
  if (!sealed) return null;
  const data = await unsealData<SessionData>(sealed, { password: env().SESSION_SECRET, ttl: MAX_AGE_SECONDS });
  return data.user ?? null;
}
