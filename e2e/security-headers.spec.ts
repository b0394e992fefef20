// Every page under its security headers: a nonce-based Content-Security-Policy
// that allows only our own origin, no framing, nosniff, a referrer policy; and
// the page still works (hydrated, its socket live over a same-origin
// websocket, a command through a server action) with no CSP violation seen.
import type { Page, Response } from '@playwright/test';
import { expect, freshBook, storageStateFor, test, type Account } from './fixtures';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** Collects every CSP violation the page reports, from its first script on (the event and the console both). */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations!.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  page.on('console', (message) => {
    if (/content security policy|refused to (load|execute|connect|apply|frame)/i.test(message.text())) seen.push(`console: ${message.text()}`);
  });
  return seen;
}

async function violations(page: Page, fromConsole: string[]): Promise<string[]> {
  return [...fromConsole, ...(await page.evaluate(() => window.__cspViolations ?? []))];
}

function expectSecurityHeaders(response: Response | null) {
  const headers = response!.headers();
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  // The test stack runs on plain http (COOKIE_SECURE off): no HSTS.
  expect(headers['strict-transport-security']).toBeUndefined();
  return csp;
}

const PAGES: { path: string | ((bookId: string) => string); as: Account | null; heading: string }[] = [
  { path: '/', as: 'alice', heading: 'Catalog' },
  { path: (id) => `/books/${id}`, as: 'alice', heading: '' },
  { path: '/orders', as: 'alice', heading: 'My orders' },
  { path: '/lab', as: 'alice', heading: 'Lab' },
  { path: '/admin', as: 'admin', heading: 'Admin' },
  { path: '/login', as: null, heading: 'Sign in' },
];

for (const { path, as, heading } of PAGES) {
  const name = typeof path === 'string' ? path : '/books/:id';
  test.describe(`${name} as ${as ?? 'anonymous'}`, () => {
    test.use({ storageState: as ? storageStateFor(as) : { cookies: [], origins: [] } });

    test('loads under its security headers, live, with no CSP violation', async ({ page, admin }) => {
      const book = await freshBook(admin);
      const fromConsole = await watchViolations(page);
      const response = await page.goto(typeof path === 'string' ? path : path(book.id));
      const csp = expectSecurityHeaders(response);
      await expect(page.getByRole('heading', { level: 1, name: heading || book.title })).toBeVisible();
      // Hydrated, and its socket.io websocket to our own origin connected under connect-src 'self'.
      await expect(page.getByTestId('live-indicator').first()).toHaveText('live');
      // Every script Next put on the page carries this response's nonce.
      const nonce = csp.match(/'nonce-([^']+)'/)![1];
      const scripts = await page.locator('script').evaluateAll((all) => all.map((s) => (s as HTMLScriptElement).nonce));
      expect(scripts.length).toBeGreaterThan(0);
      expect(new Set(scripts)).toEqual(new Set([nonce]));

      if (name === '/books/:id') {
        // A server action and the client's reads under the policy.
        await page.getByLabel('Quantity').fill('1');
        await page.getByRole('button', { name: 'Buy now' }).click();
        await expect(page.getByRole('status').filter({ hasText: 'Order placed' })).toBeVisible();
      }
      if (name === '/login') {
        await page.getByLabel('Email').fill('bob@example.com');
        await page.getByLabel('Password').fill('bookstore');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect(page.getByRole('link', { name: 'My orders' })).toBeVisible();
        expectSecurityHeaders(await page.reload());
      }
      expect(await violations(page, fromConsole)).toEqual([]);
    });
  });
}

test('content from another origin is refused by the policy (the watch can see a violation)', async ({ page }) => {
  const fromConsole = await watchViolations(page);
  await page.goto('/login');
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img alt="" src="http://evil.example/pixel.png">'));
  await expect.poll(() => violations(page, fromConsole)).toContainEqual(expect.stringContaining('img-src'));
});
