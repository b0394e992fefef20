// The bits of plain Node HTTP that the APIs served beside Next share
// (command-api.ts, query-api.ts): JSON answers, header lookup, path segments,
// the read-your-writes token's cookies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serialize as serializeCookie } from 'cookie';
import proxyaddr from 'proxy-addr';
import type { ApiError } from '@/server/contracts/api';
import { sessionPosition, type SessionPosition } from '@/server/consistency/seen-positions';
import type { HeaderLookup } from './check-origin';
import { errorHeaders, HttpError, statusOf } from './respond';
import { API_CONTENT_SECURITY_POLICY } from './security-headers';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers);
}

/** A JSON answer already serialized (a query's, with its documents as Redis holds them: server/queries/json-text.ts). */
export function sendJsonText(res: ServerResponse, status: number, json: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  // The common security headers are already on `res` (web-main.ts).
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-security-policy': API_CONTENT_SECURITY_POLICY, ...headers });
  res.end(json);
}

/** An error in the one ApiError shape, with its status and headers (Retry-After). */
export function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, statusOf(error.code), { error }, errorHeaders(error));
}

/**
 * The request header that carries the client's address to code that cannot see
 * the socket (Next's route handlers). web-main.ts sets it on every request,
 * replacing whatever the client sent under that name, so it cannot be forged.
 */
export const CLIENT_ADDRESS_HEADER = 'x-bookstore-client-address';

/**
 * The client's address: the socket's, or, when the socket is a trusted proxy
 * (TRUSTED_PROXIES), the nearest address in X-Forwarded-For that is not one
 * (proxy-addr, as Express does). Anything a client wrote further left is ignored.
 */
export function stampClientAddress(req: IncomingMessage, trust: (address: string, hop: number) => boolean): void {
  req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ? proxyaddr(req, trust) : 'unknown';
}

export function headerLookup(req: IncomingMessage): HeaderLookup {
  return {
    get(name) {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : (value ?? null);
    },
  };
}

export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError({ code: 'bad_request', message: 'The path is not valid.' });
  }
}

/** The browser's read-your-writes token, read from the request's cookies and raised through the response's. */
export function nodeSessionPosition(cookies: Record<string, string | undefined>, res: ServerResponse): SessionPosition {
  return sessionPosition(
    (name) => cookies[name],
    (name, value, options) => addSetCookie(res, serializeCookie(name, value, options)),
    () => Object.keys(cookies),
  );
}

/** Appends a Set-Cookie header (a response may set several). */
function addSetCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('set-cookie');
  res.setHeader('set-cookie', existing === undefined ? cookie : [...(Array.isArray(existing) ? existing : [String(existing)]), cookie]);
}
