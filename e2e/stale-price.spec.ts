// A stale read never becomes a wrong decision: the order carries the price on
// screen; when the admin changed it meanwhile, nothing is bought and the page
// offers the new price instead (decision 007).
import { request } from '@playwright/test';
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

test('an order refused for want of stock is not offered again: the form takes the write side\'s figure over the stale view\'s', async ({ page, admin, baseURL, lab }) => {
  const book = await freshBook(admin, 5, 1000);
  await useStrategies(page, {}); // no strategy refreshes the page: it keeps showing what it read
  await openAfterOwnRead(page, `/books/${book.id}`, `/api/books/${book.id}`);
  await expect(page.getByTestId('stock')).toHaveText('5');
  // Someone else buys 3: the write side has 2 left; the read model (held back) and the page still say 5.
  await lab({ delayMs: 4000 });
  const bob = await request.newContext({ baseURL, storageState: storageStateFor('bob') });
  expect((await bob.post('/api/orders', { data: { lines: [{ bookId: book.id, quantity: 3 }] } })).status()).toBe(201);
  await bob.dispose();

  await page.getByLabel('Quantity').fill('5');
  await page.getByRole('button', { name: 'Buy now' }).click();
  await guarantee(page, 'refused with the write side\'s figure (2 left), and the same order is not offered again while the view still says 5', async () => {
    await expect(page.getByRole('alert').filter({ hasText: 'Not enough stock' })).toContainText('2 left, you asked for 5');
    await expect(page.getByTestId('stock')).toHaveText('5');
    await expect(page.getByTestId('stock-from-write-side')).toContainText('the write side has 2');
    await expect(page.getByLabel('Quantity')).toHaveAttribute('max', '2');
    await expect(page.getByRole('button', { name: 'Buy now' })).toBeDisabled();
  });
  await page.getByLabel('Quantity').fill('2');
  await page.getByRole('button', { name: 'Buy now' }).click();
  await guarantee(page, 'the order within the write side\'s figure is placed', async () => {
    await expect(page.getByRole('status').filter({ hasText: 'committed at position' })).toBeVisible();
  });
});

test.describe('as an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('a second price change right after the first is sent with the version the write side gave the first, and is committed, not refused as a conflict with it', async ({ page, admin, lab }) => {
    const book = await freshBook(admin, 10, 1000);
    await useStrategies(page, { liveNotifications: true });
    await page.goto(`/books/${book.id}`);
    await expect(page.getByTestId('live-indicator')).toHaveText('live');
    await lab({ delayMs: 1500 });
    const form = page.getByRole('region', { name: 'Admin' });
    await form.getByLabel('Price (USD)').fill('11.00');
    await form.getByRole('button', { name: 'Change price' }).click();
    const first = Number(/position (\d+)/.exec((await form.getByText(/Price change committed at position \d+/).textContent()) ?? '')![1]);
    await guarantee(page, `while the view is behind my change at position ${first}, the form says it sends the version the write side gave it, and where that comes from`, async () => {
      await expect(form.getByTestId('expected-version')).toContainText(`the write side's answer to your change at position ${first}`);
      await expect(page.getByTestId('price')).toHaveText('$10.00');
    });
    await form.getByLabel('Price (USD)').fill('12.00');
    await form.getByRole('button', { name: 'Change price' }).click();
    await guarantee(page, 'the second change is committed (no conflict with my own first change), and the view ends at its price', async () => {
      await expect(form.getByText(new RegExp(`Price change committed at position (?!${first}\\b)\\d+`))).toBeVisible();
      await expect(form.getByRole('alert')).toHaveCount(0);
      await expect(page.getByTestId('price')).toHaveText('$12.00', { timeout: 5000 });
    });
  });
});
