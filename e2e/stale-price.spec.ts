// A stale read never becomes a wrong decision: the order carries the price on
// screen; when the admin changed it meanwhile, nothing is bought and the page
// offers the new price instead (decision 007).
import { expect, freshBook, guarantee, openAfterOwnRead, storageStateFor, test, useStrategies } from './fixtures';

test.use({ storageState: storageStateFor('alice') });

test('a price changed since the page was read is refused, then bought at the new price once confirmed', async ({ page, admin }) => {
  const book = await freshBook(admin, 10, 1450);
  await useStrategies(page, {}); // no live notifications: the page keeps showing what it read
  await openAfterOwnRead(page, `/books/${book.id}`, `/api/books/${book.id}`);
  await expect(page.getByTestId('price')).toHaveText('$14.50');
  expect((await admin.post(`/api/books/${book.id}/price`, { data: { priceCents: 1999 } })).status()).toBe(200);

  await page.getByRole('button', { name: 'Buy now' }).click();
  const refused = page.getByRole('alert').filter({ hasText: 'since you looked' });
  const orders = async () => ((await (await page.request.get('/api/orders?consistency=primary')).json()) as { items: { lines: { bookId: string }[]; totalCents: number }[] }).items.filter((o) => o.lines.some((l) => l.bookId === book.id));
  await guarantee(page, 'no stale decision: an order at the price the page showed ($14.50) is refused once the price changed, and nothing is ordered', async () => {
    await expect(refused).toContainText('The price changed to $19.99 since you looked. Nothing was ordered.');
    expect(await orders()).toHaveLength(0);
  });

  await refused.getByRole('button', { name: 'Buy at $19.99' }).click();
  await guarantee(page, 'no stale decision: confirmed at the new price, exactly one order at $19.99 is placed', async () => {
    await expect(page.getByRole('status').filter({ hasText: 'Order placed at $19.99 each' })).toBeVisible();
    expect((await orders()).map((o) => o.totalCents)).toEqual([1999]);
  });
});

test.describe('as an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('a second price change waits until the view has the first, instead of being refused as a conflict with it', async ({ page, admin, lab }) => {
    const book = await freshBook(admin, 10, 1000);
    await useStrategies(page, { liveNotifications: true });
    await page.goto(`/books/${book.id}`);
    await expect(page.getByTestId('live-indicator')).toHaveText('live');
    await lab({ delayMs: 1500 });
    const form = page.getByRole('region', { name: 'Admin' });
    await form.getByLabel('Price (USD)').fill('11.00');
    await form.getByRole('button', { name: 'Change price' }).click();
    await expect(form.getByText(/Price change committed at position \d+/)).toBeVisible();
    await guarantee(page, 'while the view is behind my own price change, the form does not offer a change it knows would be refused, and says why', async () => {
      await expect(form.getByTestId('price-waits')).toContainText('is not in this view yet');
      await expect(form.getByRole('button', { name: 'Change price' })).toBeDisabled();
    });
    await guarantee(page, 'once the view has it, the next change is sent with the new version and committed, not refused', async () => {
      await expect(page.getByTestId('price')).toHaveText('$11.00', { timeout: 4000 });
      await form.getByLabel('Price (USD)').fill('12.00');
      await form.getByRole('button', { name: 'Change price' }).click();
      await expect(form.getByRole('alert')).toHaveCount(0);
      await expect(page.getByTestId('price')).toHaveText('$12.00', { timeout: 4000 });
    });
  });
});
