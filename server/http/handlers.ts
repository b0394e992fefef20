// Route handlers are thin: each one is a call to one of these wrappers, which
// own the HTTP concerns (origin check, body parsing, status codes, safe errors).
import type { CommandResult, SessionUser } from '@/server/contracts/api';
import { getCurrentUser } from '@/server/auth/current-user';
import type { Command } from '@/server/commands/define-command';
import { isDatabaseUnavailable } from '@/server/commands/database-errors';
import { rememberPosition } from '@/server/consistency/session-position';
import { db } from '@/server/context';
import { DomainError } from '@/server/domain/errors';
import { log } from '@/server/log';
import { assertSameOrigin } from './check-origin';
import { readJsonBody } from './read-json-body';
import { errorResponse, HttpError, json } from './respond';

export async function handleErrors(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError) return errorResponse(error.error);
    if (error instanceof DomainError) return errorResponse({ code: error.code, message: error.message });
    if (isDatabaseUnavailable(error)) {
      return errorResponse({ code: 'unavailable', message: 'The store is temporarily unavailable; try again shortly.' });
    }
    log.error('http.unhandled', { error: error instanceof Error ? error.stack : String(error) });
    return errorResponse({ code: 'internal', message: 'Something went wrong on our side.' });
  }
}

export async function requireUser(role?: SessionUser['role']): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new HttpError({ code: 'unauthenticated', message: 'Sign in first.' });
  if (role && user.role !== role) throw new HttpError({ code: 'forbidden', message: `Only ${role} accounts may do this.` });
  return user;
}

/** POST binding for a command: body fields (plus path fields) become the command input. */
export function commandRoute<R extends object>(
  command: Command<R>,
  options: { successStatus?: number; pathInput?: (params: Record<string, string>) => object; bodyOptional?: boolean } = {},
) {
  return (request: Request, context: { params: Promise<Record<string, string>> }) =>
    handleErrors(async () => {
      assertSameOrigin(request);
      const user = await getCurrentUser();
      if (!user) throw new HttpError({ code: 'unauthenticated', message: 'Sign in first.' });
      // Commands addressed by path alone (cancel) may arrive with no body at all.
      const body = options.bodyOptional && !request.headers.get('content-type') ? {} : await readJsonBody(request);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new HttpError({ code: 'bad_request', message: 'The request body must be a JSON object.' });
      }
      const fromPath = options.pathInput ? options.pathInput(await context.params) : {};
      const result: CommandResult<R> = await command(
        { user, input: { ...body, ...fromPath }, idempotencyKey: request.headers.get('idempotency-key') ?? undefined },
        { db: db() },
      );
      if (!result.ok) return errorResponse(result.error);
      await rememberPosition(result.position);
      const { ok: _ok, ...payload } = result;
      return json(payload, options.successStatus ?? 200);
    });
}
