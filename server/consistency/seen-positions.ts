// The store behind read-your-writes: per browser, the highest position it has
// written or been served, the token its reads compare against.
//
// Kept in Redis under an opaque per-browser id (a cookie), not in the cookie
// itself: a browser sends overlapping requests, and with a cookie the last
// response to land wins, so a slow read could lower the token below a write
// that already returned. ZADD GT makes "raise to at least N" atomic. This is
// session state, not a read model: the projector still owns those.
//
// When Redis cannot take a raise (down, or restarting), the browser carries
// that position in a cookie, a floor, until Redis has it again: a token lost
// in an outage would otherwise let the first read after it, from a read model
// that has not caught up, miss the browser's own write or go back behind what
// it was shown (the soak's "kill -9 Redis" fault found both). Each floor is a
// cookie of its own, named by its position, so the last-response-wins race
// cannot lower it: overlapping responses each add their floor rather than
// overwrite one cookie, and a response expires only floors its own request
// carried, all below the one it sets.
//
// Free of Next.js: the command API (server/http/command-api.ts) runs outside
// Next's request context. session-position.ts binds it to Next's cookies().
import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { redis } from '@/server/context';
import { log } from '@/server/log';
import { isConnected, noteRedisFailure } from '@/server/redis';

export const SEEN_COOKIE = 'bookstore_rw';
/** Floor cookies are this prefix and the position they carry. */
const FLOOR_COOKIE_PREFIX = 'bookstore_rw_floor_';
const TTL_SECONDS = 7 * 24 * 3600;
const SEEN_COOKIE_OPTIONS = { httpOnly: true, sameSite: 'lax', path: '/', maxAge: TTL_SECONDS } as const;
/**
 * Long past any recovery of the read model after an outage (after which the
 * floor costs nothing: the read model is past it), short enough that a
 * database reset does not send a browser's reads to Postgres for long.
 */
const SEEN_FLOOR_OPTIONS = { ...SEEN_COOKIE_OPTIONS, maxAge: 3600 } as const;
const EXPIRED_FLOOR_OPTIONS = { ...SEEN_COOKIE_OPTIONS, maxAge: 0 } as const;
const key = (id: string) => `session:seen:${id}`;

/**
 * Browsers whose key this process gave a fresh TTL within the last
 * REFRESH_MS: their next raise is a ZADD alone. A command's bookkeeping is
 * then one Redis command, not two (`npm run bench`, scenario 2); the cost is
 * that a key may expire up to REFRESH_MS sooner than a week after its last
 * raise. A key that vanished meanwhile (Redis flushed) is created by ZADD
 * without a TTL until the next refresh.
 */
const REFRESH_MS = 3600_000;
const refreshed = new LRUCache<string, true>({ max: 50_000, ttl: REFRESH_MS });

/** The browser's id from its cookie value, or null when absent or not one of ours. */
export function seenIdFrom(cookieValue: string | undefined): string | null {
  return cookieValue && /^[0-9a-f-]{36}$/.test(cookieValue) ? cookieValue : null;
}

/** Sets a response cookie, in whichever way the transport does (Next's cookie jar, a Node response). */
export type SetCookie = (name: string, value: string, options: typeof SEEN_COOKIE_OPTIONS | typeof SEEN_FLOOR_OPTIONS | typeof EXPIRED_FLOOR_OPTIONS) => void;
/** Reads a request cookie, in whichever way the transport does. */
export type GetCookie = (name: string) => string | undefined;
/** The names of the request's cookies. */
export type CookieNames = () => Iterable<string>;

/** The browser's id from its cookie value; without a valid one, a new id, issued as the cookie through `setCookie`. */
export function seenIdOrIssue(cookieValue: string | undefined, setCookie: SetCookie): string {
  const existing = seenIdFrom(cookieValue);
  if (existing) return existing;
  const id = randomUUID();
  setCookie(SEEN_COOKIE, id, SEEN_COOKIE_OPTIONS);
  return id;
}

/** One browser's token, bound to however its transport reads and sets the cookie (Next's jar, a Node response). */
export interface SessionPosition {
  /** The highest position this browser has written or been served; 0 for a new one. */
  seen(): Promise<number>;
  /** Raises it to at least `position` (issuing the cookie on first use). */
  remember(position: number): Promise<void>;
}

/** The floors the request carries: the positions named by its floor cookies. */
function floorsFrom(names: Iterable<string>): number[] {
  const floors: number[] = [];
  for (const name of names) {
    const digits = name.startsWith(FLOOR_COOKIE_PREFIX) ? name.slice(FLOOR_COOKIE_PREFIX.length) : '';
    if (/^\d{1,15}$/.test(digits)) floors.push(Number(digits));
  }
  return floors;
}

export function sessionPosition(cookie: GetCookie, setCookie: SetCookie, cookieNames: CookieNames): SessionPosition {
  let id = seenIdFrom(cookie(SEEN_COOKIE));
  /** The floors this request carried, or the one this response set since (which is above them all). */
  let carried = floorsFrom(cookieNames());
  const floor = () => Math.max(0, ...carried);
  return {
    seen: async () => Math.max(floor(), id ? await readSeenPosition(id) : 0),
    remember: async (position) => {
      id ??= seenIdOrIssue(undefined, setCookie);
      if ((await raiseSeenPosition(id, position)) || position <= floor()) return;
      setCookie(`${FLOOR_COOKIE_PREFIX}${position}`, '1', SEEN_FLOOR_OPTIONS);
      // Below the floor just set; a floor another response set meanwhile is not among them, so it stays.
      for (const below of carried) setCookie(`${FLOOR_COOKIE_PREFIX}${below}`, '', EXPIRED_FLOOR_OPTIONS);
      carried = [position];
    },
  };
}

async function readSeenPosition(id: string): Promise<number> {
  if (!isConnected(redis())) return Number.MAX_SAFE_INTEGER;
  try {
    return Number((await redis().zscore(key(id), 'position')) ?? 0);
  } catch (error) {
    noteRedisFailure(redis(), error);
    // Redis down: treat the session as having written everything, so the read goes to Postgres.
    return Number.MAX_SAFE_INTEGER;
  }
}

/**
 * Raises the browser's token to at least `position`, never lowers it: with
 * overlapping requests an older answer may land last. False when Redis could
 * not take it (the caller sets the floor cookie).
 */
async function raiseSeenPosition(id: string, position: number): Promise<boolean> {
  if (!isConnected(redis())) {
    log.warn('session.position_not_saved', { error: 'Redis is not connected' });
    return false;
  }
  try {
    if (refreshed.has(id)) {
      await redis().zadd(key(id), 'GT', position, 'position');
    } else {
      // Two commands, auto-pipelined into one write; no MULTI needed: each is safe alone, in either order.
      await Promise.all([redis().zadd(key(id), 'GT', position, 'position'), redis().expire(key(id), TTL_SECONDS)]);
      refreshed.set(id, true);
    }
    return true;
  } catch (error) {
    noteRedisFailure(redis(), error);
    // Never fail a committed command over bookkeeping: the floor cookie carries the position instead.
    log.warn('session.position_not_saved', { error: String(error) });
    return false;
  }
}
