// Baseline, every strategy off: the raw lag is what you get.
import { buy, expect, freshBook, guarantee, NONE, openMyOrders, orderCard, storageStateFor, test, useStrategies } from './fixtures';

test.use({ storageState: storageStateFor('alice') });

test.describe('No strategy (eventual): the read model answers as it is, and says at which position; the screen catches up only when it is read again', () => {
  test('with no strategy the new order is missing at first and appears once projected (on reload)', async ({ page, admin, lab }) => {
    const book = await freshBook(admin);
    await useStrategies(page, NONE);
    await lab({ delayMs: 2000 });
    await buy(page, book.id);
    const clickedAt = Date.now();
    await openMyOrders(page);
    // The bound proves "did not wait for the lag": it is under the 2 s lag, with room for a loaded CI machine's navigation.
    await guarantee(page, 'eventual: well before the 2 s lag is over, My orders shows the read model as it is (without the order) and names its position', async () => {
      await expect(page.getByRole('main').getByTestId('freshness')).toContainText(/position|behind/);
      expect(Date.now() - clickedAt).toBeLessThan(1500);
      await expect(orderCard(page, book.title)).toHaveCount(0);
    });
    // Nothing refreshes by itself: like a user, reload until it shows (well within 5 s).
    await guarantee(page, 'eventual: the order appears on a reload once projected (within 5 s at a 2 s lag)', () =>
      expect(async () => {
        await page.reload();
        await expect(orderCard(page, book.title)).toBeVisible({ timeout: 500 });
      }).toPass({ timeout: 5000, intervals: [250] }),
    );
  });
});

test('"See My orders" right after buying says the order is not in the list yet, instead of "No orders yet"', async ({ page, admin, lab }) => {
  const book = await freshBook(admin);
  await useStrategies(page, NONE);
  await lab({ delayMs: 2000 });
  const position = await buy(page, book.id);
  await page.getByRole('link', { name: 'See My orders' }).click();
  await guarantee(page, `My orders, read before my order (position ${position}) was projected, says so and names both positions`, async () => {
    await expect(page.getByTestId('not-in-list-yet')).toContainText(`before your last write (position ${position})`);
    await expect(page.getByTestId('not-in-list-yet')).toContainText('reload');
    await expect(orderCard(page, book.title)).toHaveCount(0);
    await expect(page.getByText('No orders yet')).toHaveCount(0);
  });
});
