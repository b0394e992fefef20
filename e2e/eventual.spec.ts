// Baseline, every strategy off: the raw lag is what you get.
import { buy, expect, freshBook, NONE, openMyOrders, orderCard, storageStateFor, test, useStrategies } from './fixtures';

test.use({ storageState: storageStateFor('alice') });

test.describe('No strategy (eventual): the read model answers as it is, and says at which position; the screen catches up only when it is read again', () => {
  test('with no strategy the new order is missing at first and appears once projected (on reload)', async ({ page, admin, lab }) => {
    const book = await freshBook(admin);
    await useStrategies(page, NONE);
    await lab({ delayMs: 2000 });
    await buy(page, book.id);
    const clickedAt = Date.now();
    await openMyOrders(page);
    await expect(page.getByRole('main').getByTestId('freshness')).toContainText(/position|behind/);
    // Within 500 ms of buying, the read model does not have it yet.
    expect(Date.now() - clickedAt).toBeLessThan(500);
    await expect(orderCard(page, book.title)).toHaveCount(0);
    // Nothing refreshes by itself: like a user, reload until it shows (well within 5 s).
    await expect(async () => {
      await page.reload();
      await expect(orderCard(page, book.title)).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 5000, intervals: [250] });
  });
});
