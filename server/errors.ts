// The one translation of a thrown error into what a caller is told, for
// commands (define-command.ts) and every HTTP answer (http/api-errors.ts):
// domain refusals keep their own words, an unreachable Postgres is
// "unavailable", anything else is logged with its stack and answered
// "internal". Internals are logged, never sent.
import { isDatabaseUnavailable } from '@/db/database-errors';
import type { ApiError } from '@/server/contracts/api';
import { DomainError } from '@/server/domain/errors';
import { log } from '@/server/log';

export const UNAVAILABLE: ApiError = { code: 'unavailable', message: 'The store is temporarily unavailable; nothing was changed. Try again shortly.' };
export const INTERNAL: ApiError = { code: 'internal', message: 'Something went wrong on our side; nothing was changed.' };

/** `where`: the command's name, or the HTTP request's method and path; it goes in the log line. */
export function translateError(error: unknown, where: string): ApiError {
  if (error instanceof DomainError) return error.toApiError();
  if (isDatabaseUnavailable(error)) {
    log.warn('request.store_unavailable', { where, error: String(error) });
    return UNAVAILABLE;
  }
  log.error('request.failed', { where, error: error instanceof Error ? error.stack : String(error) });
  return INTERNAL;
}
