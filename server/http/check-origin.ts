import { HttpError } from './respond';

/**
 * Refuses a state-changing request sent by a page on another site (CSRF), as
 * Next.js does for server actions. Requests without Origin (curl, server-to-server)
 * carry no ambient browser credentials of another site and are allowed.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (request.headers.get('sec-fetch-site') === 'cross-site' || (origin && !sameHost(origin, request))) {
    throw new HttpError({ code: 'forbidden', message: 'Cross-site requests are not allowed.' });
  }
}

function sameHost(origin: string, request: Request): boolean {
  if (origin === 'null') return false;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
