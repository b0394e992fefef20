// Live notifications: another user sees the admin's price change without
// reloading, within the lag plus a second; with Live off, only after a reload.
import { expect, freshBook, storageStateFor, test, useStrategies } from './fixtures';

const DELAY = 1000;

test('bob sees a new price live; with Live off he needs a reload', async ({ browser, admin, lab }) => {
  const book = await freshBook(admin, 20, 1000);
  const live = await browser.newContext({ storageState: storageStateFor('bob') });
  const off = await browser.newContext({ storageState: storageStateFor('bob') });
  const livePage = await live.newPage();
  const offPage = await off.newPage();
  await useStrategies(livePage, { liveNotifications: true });
  await useStrategies(offPage, {});
  for (const p of [livePage, offPage]) {
    await p.goto(`/books/${book.id}`);
    await expect(p.getByTestId('price')).toHaveText('$10.00');
  }
  await expect(livePage.getByTestId('live-indicator')).toHaveText('live');

  await lab({ delayMs: DELAY });
  const res = await admin.post(`/api/books/${book.id}/price`, { data: { priceCents: 1399 } });
  expect(res.status()).toBe(200);
  const changedAt = Date.now();
  await expect(livePage.getByTestId('price')).toHaveText('$13.99', { timeout: DELAY + 1000 });
  expect(Date.now() - changedAt).toBeLessThanOrEqual(DELAY + 1000);

  // The page without Live still shows the old price well after the projection has it...
  await offPage.waitForTimeout(1500);
  await expect(offPage.getByTestId('price')).toHaveText('$10.00');
  // ...until the user reloads.
  await offPage.reload();
  await expect(offPage.getByTestId('price')).toHaveText('$13.99');
  await live.close();
  await off.close();
});
