// Read-your-writes: my own order shows at once, served from the primary, and
// views never go back in time.
import { buy, expect, freshBook, freshness, guarantee, openMyOrders, orderCard, storageStateFor, test, useStrategies, waitForProjection } from './fixtures';
import { readYourWrites } from '../app/lib/consistency/strategies/read-your-writes';

test.use({ storageState: storageStateFor('alice') });

// The strategy's own promise (its file in app/lib/consistency/strategies/) titles the journeys that prove it.
test.describe(`${readYourWrites.label}: ${readYourWrites.guarantee}`, () => {
  test('my order is there immediately from the primary, then from the read model once it catches up', async ({ page, admin, lab }) => {
    const book = await freshBook(admin);
    await useStrategies(page, { readYourWrites: true });
    // Paused, not a 2 s lag: on a loaded CI machine two page loads can outlast the lag,
    // and the book page would then rightly come from the read model.
    await lab({ paused: true });
    const position = await buy(page, book.id);
    const seen: number[] = [];
    const record = async () => seen.push(Number((await freshness(page).textContent())!.match(/position (\d+)/)![1]));

    await openMyOrders(page);
    await guarantee(page, `read-your-writes: my order (position ${position}) is on My orders at once, served from the primary`, async () => {
      await expect(orderCard(page, book.title)).toBeVisible({ timeout: 1000 });
      await expect(freshness(page)).toContainText('served from primary');
    });
    await record();

    await page.goto(`/books/${book.id}`);
    await guarantee(page, 'read-your-writes: the book page opened next keeps the session’s position (served from the primary while the read model lags)', async () => {
      await expect(freshness(page)).toContainText('served from primary');
    });
    await record();

    await lab({ paused: false });
    await waitForProjection(admin, position);
    await page.goto('/orders');
    await guarantee(page, 'read-your-writes: once the read model has the order, My orders is served from it', async () => {
      await expect(orderCard(page, book.title)).toBeVisible();
      await expect(freshness(page)).toHaveText(/^position \d+$/);
    });
    await record();
    await guarantee(page, `monotonic reads: the positions shown (${seen.join(', ')}) never go back, and start at or after my write's ${position}`, async () => {
      expect(seen.every((p, i) => i === 0 || p >= seen[i - 1]!)).toBe(true);
      expect(seen[0]).toBeGreaterThanOrEqual(position);
    });
  });
});
