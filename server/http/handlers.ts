// Next's route handlers are thin: each one is a call to one of these wrappers,
// which own the HTTP concerns (status codes, safe errors). Commands and the
// read-model queries are not served here: see command-api.ts and query-api.ts.
import type { SessionUser } from '@/server/contracts/api';
import { getCurrentUser } from '@/server/auth/current-user';
import { mayChangeLab } from '@/server/lab/demo-mode';
import { apiErrorOf } from './api-errors';
import { errorResponse, HttpError } from './respond';

export async function handleErrors(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    return errorResponse(apiErrorOf(error));
  }
}

export async function requireUser(role?: SessionUser['role']): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new HttpError({ code: 'unauthenticated', message: 'Sign in first.' });
  if (role && user.role !== role) throw new HttpError({ code: 'forbidden', message: `Only ${role} accounts may do this.` });
  return user;
}

/** The lab's knobs: admins, or anyone signed in in demo mode (server/lab/demo-mode.ts). */
export async function requireLabUser(): Promise<SessionUser> {
  const user = await requireUser();
  if (!mayChangeLab(user)) throw new HttpError({ code: 'forbidden', message: 'Only admin accounts may use the lab.' });
  return user;
}
