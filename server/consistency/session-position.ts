// Read-your-writes bookkeeping for code running inside Next (server
// components, server actions): the browser's id travels in a cookie read and
// set through Next's cookies(). The store is seen-positions.ts.
import { cookies } from 'next/headers';
import { SEEN_COOKIE, sessionPosition, type SessionPosition } from './seen-positions';

export async function nextSessionPosition(): Promise<SessionPosition> {
  const jar = await cookies();
  return sessionPosition(jar.get(SEEN_COOKIE)?.value, (name, value, options) => jar.set(name, value, options));
}

/** Raises the session's token to at least `position`, never lowers it. */
export async function rememberPosition(position: number): Promise<void> {
  await (await nextSessionPosition()).remember(position);
}
