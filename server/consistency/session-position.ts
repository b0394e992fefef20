// Read-your-writes bookkeeping for code running inside Next (server
// components, server actions): the browser's id travels in a cookie read and
// set through Next's cookies(). The store is seen-positions.ts.
import { cookies } from 'next/headers';
import { SEEN_COOKIE, seenIdOrIssue, sessionPosition, type CookieNames, type GetCookie, type SessionPosition, type SetCookie } from './seen-positions';

/** The browser's read-your-writes id as Next's cookie jar has it, and how to set it there. */
async function seenCookies(): Promise<[get: GetCookie, set: SetCookie, names: CookieNames]> {
  const jar = await cookies();
  return [(name) => jar.get(name)?.value, (name, value, options) => jar.set(name, value, options), () => jar.getAll().map((c) => c.name)];
}

export async function nextSessionPosition(): Promise<SessionPosition> {
  return sessionPosition(...(await seenCookies()));
}

/** Raises the session's token to at least `position`, never lowers it. */
export async function rememberPosition(position: number): Promise<void> {
  await (await nextSessionPosition()).remember(position);
}

/**
 * Gives the browser its read-your-writes id at sign-in, if it has none. Issued
 * later, by the first command, the cookie would be set inside a server action,
 * and Next answers that with a refresh of the page's router (its server
 * components rendered again, its links prefetched again) beside the very
 * command a user or the Lab is watching.
 */
export async function issueSeenId(): Promise<void> {
  const [get, set] = await seenCookies();
  seenIdOrIssue(get(SEEN_COOKIE), set);
}
