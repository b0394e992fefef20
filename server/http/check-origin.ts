import { HttpError } from './respond';

/** Request headers by (lower-case) name: a Fetch `Headers`, or command-api.ts's view of a Node request. */
export interface HeaderLookup {
  get(name: string): string | null;
}

/**
 * Refuses a state-changing request sent by a page on another site (CSRF), as
 * Next.js does for server actions. Requests without Origin (curl, server-to-server)
 * carry no ambient browser credentials of another site and are allowed.
 */
export function assertSameOrigin(headers: HeaderLookup): void {
  const origin = headers.get('origin');
  if (headers.get('sec-fetch-site') === 'cross-site' || (origin && !sameHost(origin, headers))) {
    throw new HttpError({ code: 'forbidden', message: 'Cross-site requests are not allowed.' });
  }
}

function sameHost(origin: string, headers: HeaderLookup): boolean {
  if (origin === 'null') return false;
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
