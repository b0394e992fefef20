// Read-your-writes bookkeeping for code running inside Next (server
// components, server actions, query routes): the browser's id travels in a
// cookie read and set through Next's cookies(). The store is seen-positions.ts.
import { cookies } from 'next/headers';
import { raiseSeenPosition, readSeenPosition, SEEN_COOKIE, seenIdFrom, seenIdOrIssue } from './seen-positions';

export async function seenPosition(): Promise<number> {
  const id = seenIdFrom((await cookies()).get(SEEN_COOKIE)?.value);
  return id ? readSeenPosition(id) : 0;
}

/** Raises the session's token to at least `position`, never lowers it. */
export async function rememberPosition(position: number): Promise<void> {
  const jar = await cookies();
  const id = seenIdOrIssue(jar.get(SEEN_COOKIE)?.value, (name, value, options) => jar.set(name, value, options));
  await raiseSeenPosition(id, position);
}
