// Server actions are public endpoints: replaying an admin's action request with
// a customer's session (or none) is refused by the command itself.
import { request } from '@playwright/test';
import { expect, freshBook, needsPrivateStack, storageStateFor, test } from './fixtures';

test.use({ storageState: storageStateFor('admin') });

test("an admin's change-price action replayed by a customer or a stranger changes nothing", async ({ page, admin, baseURL }) => {
  needsPrivateStack('it needs DEMO_MODE=0, and npm start runs in demo mode (customers may change prices there)');
  const book = await freshBook(admin, 5, 1250);
  await page.goto(`/books/${book.id}`);
  await page.getByLabel('Price (USD)').fill('14.00');
  const [action] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined),
    page.getByRole('button', { name: 'Change price' }).click(),
  ]);
  await expect(page.getByText('Price change committed at position')).toBeVisible();
  const headers = { 'next-action': action.headers()['next-action']!, 'content-type': action.headers()['content-type'] ?? 'text/plain;charset=UTF-8', accept: 'text/x-component' };
  // The same call with another price and a fresh idempotency key, as an attacker would send it.
  const forged = action.postData()!.replace(/"priceCents":\d+/, '"priceCents":1').replace(/"idempotencyKey":"[^"]+"/, `"idempotencyKey":"${crypto.randomUUID()}"`);
  expect(forged).toContain('"priceCents":1');

  for (const [who, storageState] of [['customer', storageStateFor('alice')], ['stranger', undefined]] as const) {
    const context = await request.newContext({ baseURL, storageState });
    const res = await context.post(`/books/${book.id}`, { headers, data: forged });
    const body = await res.text();
    expect(body, who).toContain(who === 'customer' ? '"code":"forbidden"' : '"code":"unauthenticated"');
    await context.dispose();
  }
  const current = (await (await admin.get(`/api/books/${book.id}?consistency=primary`)).json()) as { book: { priceCents: number } };
  expect(current.book.priceCents).toBe(1400);
});

test("signing in gives the browser its read-your-writes id, so its first order's action does not refresh the page", async ({ browser, admin, baseURL }) => {
  const book = await freshBook(admin, 5);
  // A browser with no cookies at all, signed in through the form.
  const context = await browser.newContext({ baseURL, storageState: undefined });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill('bob@example.com');
  await page.getByLabel('Password').fill('bookstore');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('link', { name: 'My orders' })).toBeVisible();
  expect((await context.cookies()).map((c) => c.name)).toContain('bookstore_rw');

  await page.goto(`/books/${book.id}`);
  await page.getByLabel('Quantity').fill('1');
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.request().headers()['next-action'] !== undefined),
    page.getByRole('button', { name: 'Buy now' }).click(),
  ]);
  await expect(page.getByRole('status').filter({ hasText: 'Order placed' })).toBeVisible();
  // A cookie set inside an action makes Next re-render the page's server components and prefetch its links again.
  const headers = await answer.allHeaders();
  expect(headers['set-cookie']).toBeUndefined();
  expect(headers['x-action-revalidated']).toBeUndefined();
  await context.close();
});
