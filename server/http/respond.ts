import type { ApiError, ErrorCode } from '@/server/contracts/api';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  version_conflict: 409,
  price_changed: 409,
  insufficient_stock: 409,
  order_not_cancellable: 409,
  idempotency_key_reused: 409,
  rebuild_in_progress: 409,
  no_active_worker: 409,
  method_not_allowed: 405,
  payload_too_large: 413,
  rate_limited: 429,
  lab_failure: 503,
  unavailable: 503,
  internal: 500,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/** The headers an error answer carries besides its body: Retry-After (seconds) when it says when to try again. */
export function errorHeaders(error: ApiError): Record<string, string> {
  return error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
}

export function errorResponse(error: ApiError): Response {
  return json({ error }, statusOf(error.code), errorHeaders(error));
}

/** An error raised while handling a request that already has its safe, final shape. */
export class HttpError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}
