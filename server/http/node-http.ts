// The bits of plain Node HTTP that the APIs served beside Next share
// (command-api.ts, query-api.ts): JSON answers, header lookup, path segments.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderLookup } from './check-origin';
import { HttpError } from './respond';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
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

/** Appends a Set-Cookie header (a response may set several). */
export function addSetCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('set-cookie');
  res.setHeader('set-cookie', existing === undefined ? cookie : [...(Array.isArray(existing) ? existing : [String(existing)]), cookie]);
}
