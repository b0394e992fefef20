// The JSON query API: every GET that reads a read model (the catalog, a book,
// the bestsellers, my orders, one order), served by web-main.ts's HTTP server
// directly, before Next.js sees the request, as the command API is.
//
// Why outside Next: a read model answers in a fraction of a millisecond, and
// Next's per-request work (routing, web-stream wrappers, tracing spans, async
// context) cost several times that, so over HTTP it hid most of what the read
// model saves. The figures: `npm run bench`, scenario 3, and
// docs/decisions/009-query-api-outside-next.md.
//
// Same checks and answers as before: the session cookie says who asks (each
// query's own authorize), parameters are parsed by the query's schema, the
// read-your-writes token is read and raised through the same store, and
// errors have the one ApiError shape. Pages (server components) read the same
// query functions in-process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { parse as parseCookie } from 'cookie';
import { readAsSessionUser, SESSION_COOKIE } from '@/server/auth/session';
import { getBestsellers } from '@/server/queries/get-bestsellers';
import { getBookOrThrow } from '@/server/queries/get-book';
import { getMyOrderOrThrow } from '@/server/queries/get-order';
import { stringifyAnswer } from '@/server/queries/json-text';
import { listBooks, listBooksSchema, type CatalogPage } from '@/server/queries/list-books';
import { listMyOrders, listOrdersSchema } from '@/server/queries/list-orders';
import { bestsellersFromPrimary, getBookFromPrimaryOrThrow, listBooksFromPrimary } from '@/server/queries/primary/books';
import { getMyOrderFromPrimaryOrThrow, listMyOrdersFromPrimary } from '@/server/queries/primary/orders';
import { answerQuery, anyone, customerOnly, defineQuery, type QueryDefinition } from './answer-query';
import { apiErrorOf } from './api-errors';
import { decodePathSegment, nodeSessionPosition, sendJson, sendJsonText } from './node-http';
import { statusOf } from './respond';

interface Route {
  path: RegExp;
  /** Names for the path's captures, merged into the parameters. */
  captures?: string[];
  query: QueryDefinition;
}

const byId = z.object({ id: z.string() });

// First match wins: `bestsellers` before a book id.
const ROUTES: Route[] = [
  {
    path: /^\/api\/books$/,
    // The books go out as the one JSON array Redis joined them into (json-text.ts): no parse and re-serialize of every book on the page.
    query: defineQuery<typeof listBooksSchema, null, Omit<CatalogPage, 'projection'>>({
      input: listBooksSchema,
      authorize: anyone,
      fromReadModel: (redis, input) => listBooks(redis, input, 'text'),
      fromPrimary: listBooksFromPrimary,
    }),
  },
  {
    path: /^\/api\/books\/bestsellers$/,
    query: defineQuery({
      input: z.object({}),
      authorize: anyone,
      fromReadModel: (redis) => getBestsellers(redis),
      fromPrimary: async (tx) => ({ items: await bestsellersFromPrimary(tx) }),
    }),
  },
  {
    path: /^\/api\/books\/([^/]+)$/,
    captures: ['id'],
    query: defineQuery({
      input: byId,
      authorize: anyone,
      fromReadModel: (redis, { id }) => getBookOrThrow(redis, id),
      fromPrimary: async (tx, { id }) => ({ book: await getBookFromPrimaryOrThrow(tx, id) }),
    }),
  },
  {
    path: /^\/api\/orders$/,
    query: defineQuery({
      input: listOrdersSchema,
      authorize: customerOnly,
      fromReadModel: (redis, input, user) => listMyOrders(redis, user, input),
      fromPrimary: (tx, input, user) => listMyOrdersFromPrimary(tx, user, input),
    }),
  },
  {
    path: /^\/api\/orders\/([^/]+)$/,
    captures: ['id'],
    query: defineQuery({
      input: byId,
      authorize: customerOnly,
      fromReadModel: (redis, { id }, user) => getMyOrderOrThrow(redis, user, id),
      fromPrimary: async (tx, { id }, user) => ({ order: await getMyOrderFromPrimaryOrThrow(tx, user, id) }),
    }),
  },
];

/** Answers the request if it is for the query API and returns true; otherwise leaves it to Next. */
export function serveQueryApi(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  if (!pathname.startsWith('/api/')) return false;
  for (const route of ROUTES) {
    const match = route.path.exec(pathname);
    if (!match) continue;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'Use GET.' } }, { allow: 'GET, HEAD' });
      return true;
    }
    void runQuery(route, match.slice(1), q === -1 ? '' : url.slice(q + 1), req, res);
    return true;
  }
  return false;
}

async function runQuery(route: Route, captures: string[], search: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const cookies = parseCookie(req.headers.cookie ?? '');
    const params: Record<string, string> = Object.fromEntries(new URLSearchParams(search));
    route.captures?.forEach((name, i) => (params[name] = decodePathSegment(captures[i]!)));
    // The revocation check and the read's own Redis command leave together (auto-pipelined): one round trip (decision 009).
    const answer = await readAsSessionUser(cookies[SESSION_COOKIE], (user) =>
      answerQuery(route.query, { user, params, session: nodeSessionPosition(cookies, res), signal: params.consistency === 'wait' ? whileOpen(res) : undefined }),
    );
    sendJsonText(res, 200, stringifyAnswer(answer));
  } catch (error) {
    const apiError = apiErrorOf(error);
    sendJson(res, statusOf(apiError.code), { error: apiError });
  }
}

/**
 * Aborts when the browser closes the request before its answer: a held read
 * (its command was refused) stops holding. Only held reads ask: every other
 * read answers at once, and the catalog's hot path pays nothing for it.
 */
function whileOpen(res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  res.on('close', () => res.writableFinished || gone.abort());
  return gone.signal;
}
