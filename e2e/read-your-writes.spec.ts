// Read-your-writes: my own order shows at once, served from the primary, and
// views never go back in time.
import { buy, expect, freshBook, freshness, openMyOrders, orderCard, storageStateFor, test, useStrategies, waitForProjection } from './fixtures';
import { readYourWrites } from '../app/lib/consistency/strategies/read-your-writes';

test.use({ storageState: storageStateFor('alice') });

// The strategy's own promise (its file in app/lib/consistency/strategies/) titles the journeys that prove it.
test.describe(`${readYourWrites.label}: ${readYourWrites.guarantee}`, () => {
  test('my order is there immediately from the primary, then from the read model once it catches up', async ({ page, admin, lab }) => {
    const book = await freshBook(admin);
    await useStrategies(page, { readYourWrites: true });
    await lab({ delayMs: 2000 });
    const position = await buy(page, book.id);
    const seen: number[] = [];
    const record = async () => seen.push(Number((await freshness(page).textContent())!.match(/position (\d+)/)![1]));

    await openMyOrders(page);
    await expect(orderCard(page, book.title)).toBeVisible({ timeout: 1000 });
    await expect(freshness(page)).toContainText('served from primary');
    await record();

    // Moving to another view keeps the session's position: the book page is not older.
    await page.goto(`/books/${book.id}`);
    await expect(freshness(page)).toContainText('served from primary');
    await record();

    await waitForProjection(admin, position);
    await page.goto('/orders');
    await expect(orderCard(page, book.title)).toBeVisible();
    await expect(freshness(page)).toHaveText(/^position \d+$/);
    await record();
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1]!)).toBe(true);
    expect(seen[0]).toBeGreaterThanOrEqual(position);
  });
});
