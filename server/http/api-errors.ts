// What a failed request answers: every error as one safe ApiError shape, the
// same for Next's route handlers (handlers.ts) and the command API
// (command-api.ts). An HttpError already has its answer; the rest goes
// through the one translation (server/errors.ts).
import type { ApiError } from '@/server/contracts/api';
import { translateError } from '@/server/errors';
import { HttpError } from './respond';

export function apiErrorOf(error: unknown, where = 'http'): ApiError {
  if (error instanceof HttpError) return error.error;
  return translateError(error, where);
}
