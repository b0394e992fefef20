// Next's proxy (formerly middleware): each page gets a Content-Security-Policy
// with a fresh script nonce. Next reads the policy from the request headers
// while it renders and puts the nonce on its own scripts, so every page must
// be rendered per request (app/layout.tsx is force-dynamic). The other
// security headers are stamped by web-main.ts on every response.
import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/server/env';
import { pageContentSecurityPolicy } from '@/server/http/security-headers';

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const config = env();
  const policy = pageContentSecurityPolicy(nonce, { dev: config.NODE_ENV === 'development', secure: config.COOKIE_SECURE });
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Not for static files (no document, nothing to nonce) nor prefetches (their RSC payload has no scripts).
  matcher: [
    {
      source: '/((?!_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
