// Wait for projection: the page answers after the lag, already complete; when
// the projector is paused it gives up after the timeout and says "stale".
import { buy, expect, freshBook, freshness, guarantee, openMyOrders, orderCard, storageStateFor, test, useStrategies } from './fixtures';
import { waitForProjection } from '../app/lib/consistency/strategies/wait-for-projection';

test.use({ storageState: storageStateFor('alice') });

// The strategy's own promise (its file in app/lib/consistency/strategies/) titles the journeys that prove it.
test.describe(`${waitForProjection.label}: ${waitForProjection.guarantee}`, () => {
  test('the orders page waits for the projection and arrives complete', async ({ page, admin, lab }) => {
    const book = await freshBook(admin);
    await useStrategies(page, { waitForProjection: true });
    await lab({ delayMs: 2000 });
    const position = await buy(page, book.id);
    await openMyOrders(page);
    await guarantee(page, `wait for projection: My orders' first answer already has my order (position ${position}), from the read model, not stale`, async () => {
      await expect(orderCard(page, book.title)).toBeVisible({ timeout: 5000 });
      await expect(freshness(page)).not.toContainText('stale');
      await expect(freshness(page)).not.toContainText('primary');
    });
  });

  test('with the projector paused the wait times out and the page says stale', async ({ page, admin, lab }) => {
    const book = await freshBook(admin);
    await useStrategies(page, { waitForProjection: true });
    await lab({ paused: true });
    await buy(page, book.id);
    await openMyOrders(page);
    await guarantee(page, 'wait for projection: with the projector paused the wait gives up and says "stale (timed out)", showing no order it does not have', async () => {
      await expect(freshness(page)).toContainText('stale (timed out)', { timeout: 8000 });
      await expect(orderCard(page, book.title)).toHaveCount(0);
    });
  });
});
