// Version polling: "Syncing..." until the read model has the order, then the order.
import { buy, expect, freshBook, freshness, guarantee, openMyOrders, orderCard, projectionPosition, storageStateFor, test, useStrategies } from './fixtures';
import { versionPolling } from '../app/lib/consistency/strategies/version-polling';

test.use({ storageState: storageStateFor('alice') });

// The strategy's own promise (its file in app/lib/consistency/strategies/) titles the journeys that prove it.
test.describe(`${versionPolling.label}: ${versionPolling.guarantee}`, () => {
  test('shows Syncing... and then the order, never before the projection has it', async ({ page, admin, lab }) => {
    const book = await freshBook(admin);
    await useStrategies(page, { versionPolling: true });
    await lab({ delayMs: 2000 });
    const position = await buy(page, book.id);
    await guarantee(page, 'version polling: the badge counts its attempts, one per poll (every 250 ms), even when each brings back the same answer', async () => {
      await expect(freshness(page)).toHaveText(/^Syncing\.\.\. \(attempt ([3-9]|\d\d+), read model at \d+ of \d+\)$/, { timeout: 1500 });
    });
    await openMyOrders(page);
    await guarantee(page, `version polling: while the read model is short of my order (position ${position}) the page says "Syncing..." with both positions and shows no order`, async () => {
      await expect(freshness(page)).toHaveText(/^Syncing\.\.\. \((attempt \d+, )?read model at \d+ of \d+\)$/);
      await expect(orderCard(page, book.title)).toHaveCount(0);
    });
    await guarantee(page, 'version polling: the order appears by itself once the read model has it, never before', async () => {
      await expect(orderCard(page, book.title)).toBeVisible({ timeout: 6000 });
      expect(await projectionPosition(admin)).toBeGreaterThanOrEqual(position);
      await expect(freshness(page)).toHaveText(/^position \d+$/);
    });
  });
});
