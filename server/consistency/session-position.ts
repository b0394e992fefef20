// Read-your-writes bookkeeping for code running inside Next (server
// components, server actions, query routes): the browser's id travels in a
// cookie read and set through Next's cookies(). The store is seen-positions.ts.
import { cookies } from 'next/headers';
import { newSeenId, raiseSeenPosition, readSeenPosition, SEEN_COOKIE, SEEN_COOKIE_OPTIONS, seenIdFrom } from './seen-positions';

async function sessionId(create: boolean): Promise<string | null> {
  const jar = await cookies();
  const existing = seenIdFrom(jar.get(SEEN_COOKIE)?.value);
  if (existing || !create) return existing;
  const id = newSeenId();
  jar.set(SEEN_COOKIE, id, SEEN_COOKIE_OPTIONS);
  return id;
}

export async function seenPosition(): Promise<number> {
  const id = await sessionId(false);
  return id ? readSeenPosition(id) : 0;
}

/** Raises the session's token to at least `position`, never lowers it. */
export async function rememberPosition(position: number): Promise<void> {
  const id = await sessionId(true);
  if (id) await raiseSeenPosition(id, position);
}
