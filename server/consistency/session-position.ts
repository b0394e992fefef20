// The highest position this browser session has written or been served: the
// token read-your-writes compares against. A plain cookie is enough: it grants
// nothing, and a client that inflates it only sends its own reads to Postgres,
// where the served position (the real head) corrects it on the next read.
import { cookies } from 'next/headers';

export const SEEN_COOKIE = 'bookstore_seen';

export async function seenPosition(): Promise<number> {
  const raw = (await cookies()).get(SEEN_COOKIE)?.value;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

export async function rememberPosition(position: number, opts: { replace?: boolean } = {}): Promise<void> {
  const jar = await cookies();
  const next = opts.replace ? position : Math.max(position, await seenPosition());
  jar.set(SEEN_COOKIE, String(next), { httpOnly: true, sameSite: 'lax', path: '/' });
}
