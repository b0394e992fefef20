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
