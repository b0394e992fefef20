import { describe, expect, it } from 'vitest';
import { assertSameOrigin, originRefusal } from './check-origin';

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });

describe('the same-origin check', () => {
  it('accepts the same host and port, and requests without Origin', () => {
    expect(originRefusal('http://shop.example:8080', 'shop.example:8080')).toBeNull();
    expect(() => assertSameOrigin(headers({ host: 'shop.example' }))).not.toThrow();
    expect(() => assertSameOrigin(headers({ origin: 'http://shop.example:8080', host: 'internal:3000', 'x-forwarded-host': 'shop.example:8080' }))).not.toThrow();
  });

  it('names what it compared, and the fix when a proxy dropped the port', () => {
    expect(originRefusal('http://host:8080', 'host')).toBe("Origin http://host:8080 is not this site's host; behind a proxy, pass the Host header with its port (nginx: proxy_set_header Host $http_host).");
    expect(originRefusal('https://evil.example', 'shop.example')).toBe("Origin https://evil.example is not this site's shop.example.");
    expect(() => assertSameOrigin(headers({ origin: 'http://host:8080', host: 'host' }))).toThrow(/Origin http:\/\/host:8080 is not this site's host/);
  });

  it('refuses what a browser marks cross-site, and an Origin of null', () => {
    expect(() => assertSameOrigin(headers({ 'sec-fetch-site': 'cross-site', host: 'a' }))).toThrow('Cross-site requests are not allowed.');
    expect(originRefusal('null', 'a')).toMatch(/is not a URL|not this site/);
  });
});
