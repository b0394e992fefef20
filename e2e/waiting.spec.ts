// Waiting says what it waits for: a held read is not a slow network.
import { buy, expect, freshBook, freshness, openMyOrders, orderCard, storageStateFor, test, useStrategies } from './fixtures';

test.use({ storageState: storageStateFor('alice') });

test('wait for projection says which position it waits for and how long the server has held the read', async ({ page, admin, lab }) => {
  const book = await freshBook(admin);
  await useStrategies(page, { waitForProjection: true });
  await lab({ delayMs: 2000 });
  const position = await buy(page, book.id);
  await openMyOrders(page);
  const main = page.getByRole('main');
  await expect(main.getByText(new RegExp(`^Waiting for the read model to reach position ${position} \\(now at \\d+\\), held by the server for \\d+ ms$`)).first()).toBeVisible();
  await expect(orderCard(page, book.title)).toBeVisible({ timeout: 5000 });
  await expect(freshness(page)).toHaveText(/^position \d+$/);
});
