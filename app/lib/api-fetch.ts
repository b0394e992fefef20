import type { ApiError } from '@/server/contracts/api';

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiError['code'] | 'network',
    message: string,
    /** With `price_changed`: what the books cost now. */
    readonly currentPrices: ApiError['currentPrices'] = undefined,
    /** With `not_found` from a read model: the position it was looked for at. */
    readonly projection: ApiError['projection'] = undefined,
    /** With `insufficient_stock`: what the write side has left. */
    readonly currentStock: ApiError['currentStock'] = undefined,
  ) {
    super(message);
  }
}

/** GET a JSON endpoint; non-2xx becomes an ApiRequestError with the server's safe message. `signal`: a cancelled read frees its connection. */
export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' }, cache: 'no-store', signal });
  } catch {
    throw new ApiRequestError(0, 'network', 'Cannot reach the server.');
  }
  const body = (await res.json().catch(() => ({}))) as { error?: ApiError };
  signal?.throwIfAborted();
  if (!res.ok) {
    const e = body.error;
    throw new ApiRequestError(res.status, e?.code ?? 'internal', e?.message ?? `Request failed (${res.status}).`, e?.currentPrices, e?.projection);
  }
  return body as T;
}

export async function apiSend<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: ApiError };
  if (!res.ok) throw new ApiRequestError(res.status, json.error?.code ?? 'internal', json.error?.message ?? `Request failed (${res.status}).`);
  return json as T;
}
