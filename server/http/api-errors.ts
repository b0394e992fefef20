// What a failed request answers: every error as one safe ApiError shape, the
// same for Next's route handlers (handlers.ts) and the command API
// (command-api.ts). Internals are logged, never sent.
import type { ApiError } from '@/server/contracts/api';
import { isDatabaseUnavailable } from '@/server/commands/database-errors';
import { DomainError } from '@/server/domain/errors';
import { log } from '@/server/log';
import { HttpError } from './respond';

export function apiErrorOf(error: unknown): ApiError {
  if (error instanceof HttpError) return error.error;
  if (error instanceof DomainError) return error.toApiError();
  if (isDatabaseUnavailable(error)) return { code: 'unavailable', message: 'The store is temporarily unavailable; try again shortly.' };
  log.error('http.unhandled', { error: error instanceof Error ? error.stack : String(error) });
  return { code: 'internal', message: 'Something went wrong on our side.' };
}
