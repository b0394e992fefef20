// Who is asking, for server components, server actions and route handlers.
import { getIronSession } from 'iron-session';
import { cookies } from 'next/headers';
import type { SessionUser } from '@/server/contracts/api';
import { sessionOptions, type SessionData } from './session';

export async function getSession() {
  return getIronSession<SessionData>(await cookies(), sessionOptions());
}

export async function getCurrentUser(): Promise<SessionUser | null> {
  return (await getSession()).user ?? null;
}
