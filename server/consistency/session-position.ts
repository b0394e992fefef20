// The highest position this browser session has written or been served: the
// token read-your-writes compares against.
//
// Kept in Redis under an opaque per-browser id (a cookie), not in the cookie
// itself: a browser sends overlapping requests, and with a cookie the last
// response to land wins, so a slow read could lower the token below a write
// that already returned. ZADD GT makes "raise to at least N" atomic. This is
// session state, not a read model: the projector still owns those.
import { randomUUID } from 'node:crypto';
import { cookies } from 'next/headers';
import { redis } from '@/server/context';
import { log } from '@/server/log';
import { isConnected } from '@/server/redis';

export const SEEN_COOKIE = 'bookstore_rw';
const TTL_SECONDS = 7 * 24 * 3600;
const key = (id: string) => `session:seen:${id}`;

async function sessionId(create: boolean): Promise<string | null> {
  const jar = await cookies();
  const existing = jar.get(SEEN_COOKIE)?.value;
  if (existing && /^[0-9a-f-]{36}$/.test(existing)) return existing;
  if (!create) return null;
  const id = randomUUID();
  jar.set(SEEN_COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: TTL_SECONDS });
  return id;
}

export async function seenPosition(): Promise<number> {
  const id = await sessionId(false);
  if (!id) return 0;
  if (!isConnected(redis())) return Number.MAX_SAFE_INTEGER;
  try {
    return Number((await redis().zscore(key(id), 'position')) ?? 0);
  } catch {
    // Redis down: treat the session as having written everything, so the read goes to Postgres.
    return Number.MAX_SAFE_INTEGER;
  }
}

/**
 * Raises the session's token to at least `position`, never lowers it: with
 * overlapping requests an older answer may land last.
 */
export async function rememberPosition(position: number): Promise<void> {
  const id = await sessionId(true);
  if (!id) return;
  if (!isConnected(redis())) {
    log.warn('session.position_not_saved', { error: 'Redis is not connected' });
    return;
  }
  try {
    // Two commands, auto-pipelined into one write; no MULTI needed: each is safe alone, in either order.
    await Promise.all([redis().zadd(key(id), 'GT', position, 'position'), redis().expire(key(id), TTL_SECONDS)]);
  } catch (error) {
    // Never fail a committed command over bookkeeping: at worst this session reads its write a little late.
    log.warn('session.position_not_saved', { error: String(error) });
  }
}
