import { log } from '@/server/log';
import { HttpError } from './respond';

/** Request headers by (lower-case) name: a Fetch `Headers`, or command-api.ts's view of a Node request. */
export interface HeaderLookup {
  get(name: string): string | null;
}

/**
 * Refuses a state-changing request sent by a page on another site (CSRF), as
 * Next.js does for server actions. Requests without Origin (curl, server-to-server)
 * carry no ambient browser credentials of another site and are allowed.
 *
 * The site's host is the Host header, or X-Forwarded-Host when a proxy sets
 * it. A browser cannot set either on a cross-site request without a CORS
 * preflight, which this app never grants, so honouring X-Forwarded-Host
 * opens nothing, so it needs no TRUSTED_PROXIES (which only the client address does). What a proxy must do is
 * pass the host *with its port* (nginx: `$http_host`, not `$host`): the
 * README's block, run verbatim by server/http/nginx.int.test.ts.
 */
export function assertSameOrigin(headers: HeaderLookup): void {
  if (headers.get('sec-fetch-site') === 'cross-site') {
    throw new HttpError({ code: 'forbidden', message: 'Cross-site requests are not allowed.' });
  }
  const origin = headers.get('origin');
  if (!origin) return;
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  const refusal = originRefusal(origin, host);
  if (!refusal) return;
  logOncePerCause(origin, host, refusal);
  throw new HttpError({ code: 'forbidden', message: `Cross-site requests are not allowed. ${refusal}` });
}

/** Why `origin` is not this site (host as the request named it); null when it is. */
export function originRefusal(origin: string, host: string | null): string | null {
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `Origin ${origin} is not a URL.`;
  }
  if (originHost === host) return null;
  const hint = host && originHost.split(':')[0] === host.split(':')[0] ? '; behind a proxy, pass the Host header with its port (nginx: proxy_set_header Host $http_host)' : '';
  return `Origin ${origin} is not this site's ${host ?? '(no Host header)'}${hint}.`;
}

const logged = new Set<string>();

function logOncePerCause(origin: string, host: string | null, refusal: string) {
  const cause = `${origin}\n${host}`;
  if (logged.has(cause) || logged.size > 1000) return;
  logged.add(cause);
  log.warn('http.cross_origin_refused', { origin, host, reason: refusal });
}
