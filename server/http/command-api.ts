// The JSON command API: every POST that changes state (place and cancel an
// order, add a book, change a price, restock), served by web-main.ts's HTTP
// server directly, before Next.js sees the request. Pages, server actions and
// every query route stay with Next.
//
// Why outside Next: a command is the hottest request the store serves, and
// Next's request handling (routing, web-stream request and response wrappers,
// tracing spans, async context) cost about as much CPU as the command itself.
// The figures: `npm run bench`, scenario 2, and
// docs/decisions/005-command-api-outside-next.md.
//
// The checks are the same as everywhere else: same-origin (CSRF), the session
// cookie, the body cap, the command's own role check and schema; the answer
// has the shape of every other API error (api-errors.ts). Server actions call
// the very same command functions through run-as-action.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { SESSION_COOKIE, userFromSealedCookie } from '@/server/auth/session';
import { addBook } from '@/server/commands/add-book';
import { cancelOrder } from '@/server/commands/cancel-order';
import { changePrice } from '@/server/commands/change-price';
import type { Command } from '@/server/commands/define-command';
import { placeOrder } from '@/server/commands/place-order';
import { restockBook } from '@/server/commands/restock-book';
import { commandDeps } from '@/server/context';
import { apiErrorOf } from './api-errors';
import { assertSameOrigin } from './check-origin';
import { decodePathSegment, headerLookup, nodeSessionPosition, sendError, sendJson } from './node-http';
import { readNodeJsonBody } from './read-json-body';
import { HttpError, statusOf } from './respond';

interface Endpoint {
  path: RegExp;
  command: Command<object>;
  successStatus?: number;
  /** Fields taken from the path's captures (the aggregate's id). */
  fromPath?: (captures: string[]) => object;
  /** Commands addressed by path alone (cancel) may arrive with no body at all. */
  bodyOptional?: boolean;
  /** Other methods on this path belong to Next (a GET query on the same resource). */
  shared?: boolean;
}

const ENDPOINTS: Endpoint[] = [
  { path: /^\/api\/orders$/, command: placeOrder, successStatus: 201, shared: true },
  { path: /^\/api\/orders\/([^/]+)\/cancel$/, command: cancelOrder, fromPath: ([id]) => ({ orderId: id }), bodyOptional: true },
  { path: /^\/api\/books$/, command: addBook, successStatus: 201, shared: true },
  { path: /^\/api\/books\/([^/]+)\/price$/, command: changePrice, fromPath: ([id]) => ({ bookId: id }) },
  { path: /^\/api\/books\/([^/]+)\/restock$/, command: restockBook, fromPath: ([id]) => ({ bookId: id }) },
];

/** Answers the request if it is for the command API and returns true; otherwise leaves it to Next. */
export function serveCommandApi(req: IncomingMessage, res: ServerResponse): boolean {
  const pathname = (req.url ?? '/').split('?', 1)[0]!;
  if (!pathname.startsWith('/api/')) return false;
  for (const endpoint of ENDPOINTS) {
    const match = endpoint.path.exec(pathname);
    if (!match) continue;
    if (req.method === 'POST') {
      void runCommand(endpoint, match.slice(1), req, res);
      return true;
    }
    if (endpoint.shared) return false;
    sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'Use POST.' } }, { allow: 'POST' });
    return true;
  }
  return false;
}

async function runCommand(endpoint: Endpoint, captures: string[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = headerLookup(req);
  try {
    assertSameOrigin(headers);
    const cookies = parseCookie(req.headers.cookie ?? '');
    const user = await userFromSealedCookie(cookies[SESSION_COOKIE]);
    if (!user) throw new HttpError({ code: 'unauthenticated', message: 'Sign in first.' });
    const noBody = endpoint.bodyOptional && !headers.get('content-type');
    // Not destroyed when the cap stops the reading early: the 413 must still reach the client.
    const body = noBody ? {} : await readNodeJsonBody(headers, req);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpError({ code: 'bad_request', message: 'The request body must be a JSON object.' });
    }
    const fromPath = endpoint.fromPath?.(captures.map(decodePathSegment)) ?? {};
    const result = await endpoint.command(
      { user, input: { ...body, ...fromPath }, idempotencyKey: headers.get('idempotency-key') ?? undefined },
      commandDeps(),
    );
    if (!result.ok) return sendError(res, result.error);
    // Read-your-writes: this browser has now written up to here.
    await nodeSessionPosition(cookies, res).remember(result.position);
    const { ok: _ok, ...payload } = result;
    sendJson(res, endpoint.successStatus ?? 200, payload);
  } catch (error) {
    const apiError = apiErrorOf(error);
    sendJson(res, statusOf(apiError.code), { error: apiError });
    // The rest of an oversized body is read and dropped, as a proxy's lingering
    // close would: closing now would reset the connection before the client,
    // still sending, reads the 413. Node's request timeout bounds it.
    if (apiError.code === 'payload_too_large') req.resume();
  }
}
