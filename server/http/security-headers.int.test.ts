// The security headers on every way a response leaves the web server: the
// command and query APIs (served before Next), Next's routes and pages, and
// socket.io's own HTTP answers. (Pages in a browser: e2e/security-headers.spec.ts.)
import { describe, expect, it, inject } from 'vitest';

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

async function headersOf(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers }> {
  const res = await fetch(new URL(path, inject('baseUrl')), init);
  await res.arrayBuffer();
  return { status: res.status, headers: res.headers };
}

function expectCommon(headers: Headers) {
  for (const [name, value] of Object.entries(COMMON)) expect({ name, value: headers.get(name) }).toEqual({ name, value });
  // The test stack runs on plain http (COOKIE_SECURE off).
  expect(headers.get('strict-transport-security')).toBeNull();
}

describe('security headers', () => {
  it.each([
    ['the query API', '/api/books', undefined, 200],
    ['the query API refusing', '/api/orders', undefined, 401],
    ['the command API refusing', '/api/orders', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }, 401],
    ['the command API, wrong method', '/api/orders/x/cancel', { method: 'GET' }, 405],
  ] as const)('%s: nosniff, no framing, a policy that loads nothing', async (_name, path, init, status) => {
    const res = await headersOf(path, init);
    expect(res.status).toBe(status);
    expectCommon(res.headers);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it.each(['/api/session', '/api/health', '/api/projection'])('Next route %s: the common headers', async (path) => {
    const res = await headersOf(path);
    expect(res.status).toBe(200);
    expectCommon(res.headers);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('a page: its own policy with a fresh nonce each time', async () => {
    const [a, b] = [await headersOf('/login'), await headersOf('/login')];
    for (const res of [a, b]) {
      expect(res.status).toBe(200);
      expectCommon(res.headers);
    }
    const nonce = (h: Headers) => /'nonce-([^']+)'/.exec(h.get('content-security-policy') ?? '')?.[1];
    expect(nonce(a.headers)).toBeTruthy();
    expect(nonce(a.headers)).not.toBe(nonce(b.headers));
    expect(a.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it("socket.io's own HTTP answers carry them too", async () => {
    const res = await headersOf('/socket.io/?EIO=4&transport=polling');
    expect(res.status).toBe(200);
    expectCommon(res.headers);
  });
});
