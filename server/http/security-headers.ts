// The security headers, written once for both ways a response leaves this
// server: web-main.ts stamps the common ones on every response (the command
// and query APIs, and everything Next serves), the APIs add their own strict
// policy (node-http.ts), and proxy.ts gives each page its policy with a fresh
// script nonce (Next puts the nonce on its own scripts when it renders).

/** On every response. HSTS only behind TLS (COOKIE_SECURE): on plain http://localhost it would be ignored at best. */
export function commonSecurityHeaders(secure: boolean): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    // For browsers that predate CSP's frame-ancestors, and for responses without a CSP (static files).
    'x-frame-options': 'DENY',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** JSON answers load nothing and are never framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * A page's policy: everything from our own origin only. Scripts need this
 * request's nonce ('strict-dynamic' lets the chunks they load run too); no
 * inline script, no eval (React needs eval in development only). Styles allow
 * inline because React's `style` props are style attributes, which a nonce
 * cannot cover (and a nonce in style-src would switch 'unsafe-inline' off).
 * connect-src 'self' covers socket.io's websocket to the same host and port
 * (CSP Level 3; proven in Chromium by e2e/security-headers.spec.ts).
 */
export function pageContentSecurityPolicy(nonce: string, { dev, secure }: { dev: boolean; secure: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}
