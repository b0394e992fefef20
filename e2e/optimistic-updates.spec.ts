// Optimistic updates: instant and marked pending; rolled back with a message
// on failure; never flickering back to the old value while the read model lags.
import { expect, freshBook, freshness, guarantee, needsPrivateStack, openMyOrders, orderCard, startService, stopService, storageStateFor, test, useStrategies } from './fixtures';
import { optimisticUpdates } from '../app/lib/consistency/strategies/optimistic-updates';

test.use({ storageState: storageStateFor('alice') });

// The strategy's own promise (its file in app/lib/consistency/strategies/) titles the journeys that prove it.
test.describe(`${optimisticUpdates.label}: ${optimisticUpdates.guarantee}`, () => {
  test('the order and the lower stock appear at once, pending, and stay through a slow projection', async ({ page, admin, lab }) => {
    const book = await freshBook(admin, 20);
    await useStrategies(page, { optimisticUpdates: true });
    await lab({ delayMs: 2500 });
    await page.goto(`/books/${book.id}`);
    await expect(page.getByTestId('stock')).toHaveText('20');
    await page.getByLabel('Quantity').fill('3');
    await page.getByRole('button', { name: 'Buy now' }).click();
    await guarantee(page, 'optimistic: the lower stock (17) shows within a second of the click, marked pending', async () => {
      await expect(page.getByTestId('stock')).toHaveText('17', { timeout: 1000 });
      await expect(freshness(page)).toHaveText(/^pending: your change over position \d+$/);
    });
    await guarantee(page, 'optimistic: the guessed field is marked on its own; the price beside it is still the read model’s and says nothing', async () => {
      const field = (testId: string) => page.getByRole('definition').filter({ has: page.getByTestId(testId) });
      await expect(field('stock')).toHaveText('17pending');
      await expect(field('price')).not.toContainText('pending');
    });

    await openMyOrders(page);
    await guarantee(page, 'optimistic: the order is on My orders at once, marked pending', async () => {
      await expect(orderCard(page, book.title)).toBeVisible({ timeout: 1000 });
      await expect(freshness(page)).toHaveText(/^pending: your change over position \d+$/);
    });
    await guarantee(page, 'optimistic: through the whole lag (and refetches of older data) the order never disappears: no flicker', async () => {
      const deadline = Date.now() + 3500;
      while (Date.now() < deadline) {
        expect(await orderCard(page, book.title).count()).toBe(1);
        await page.waitForTimeout(100);
      }
    });
    await guarantee(page, 'optimistic: once the read model has the order the view confirms it by itself, with nothing left pending', async () => {
      await expect(freshness(page)).toHaveText(/^position \d+$/, { timeout: 3000 });
      await expect(orderCard(page, book.title)).toBeVisible();
      await expect(orderCard(page, book.title)).not.toContainText('pending');
    });
    await guarantee(page, 'optimistic: once confirmed, the book shows the stock as the read model says it, with no mark', async () => {
      await page.goto(`/books/${book.id}`);
      await expect(freshness(page)).toHaveText(/^position \d+$/);
      await expect(page.getByRole('definition').filter({ has: page.getByTestId('stock') })).toHaveText('17');
    });
  });

  test('in the catalog the guessed card says pending, and so does the list, naming the position it is laid over', async ({ page, admin, lab }) => {
    const book = await freshBook(admin, 20);
    await useStrategies(page, { optimisticUpdates: true });
    await lab({ delayMs: 3000 });
    await page.goto(`/books/${book.id}`);
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Buy now' }).click();
    await expect(page.getByTestId('stock')).toHaveText('18', { timeout: 1000 });
    // The pending guess outlives a page load (browser-session.ts); the search puts the book on the first page.
    await page.goto(`/?q=${book.title.split(' ')[1]!}`);
    const books = page.getByRole('region', { name: 'Books' });
    const card = books.getByRole('listitem').filter({ hasText: book.title });
    await guarantee(page, 'optimistic: the catalog card shows the guess (18), marked pending, and the list badge says a guess is laid over position N', async () => {
      await expect(card).toContainText('18 in stock (pending)', { timeout: 2000 });
      await expect(books.getByTestId('freshness')).toHaveText(/^pending: your change over position \d+$/);
    });
  });

  test('a search typed while the confirmation is held says the list is the previous answer until its own arrives', async ({ page, admin, lab }) => {
    const book = await freshBook(admin, 20);
    await useStrategies(page, { optimisticUpdates: true });
    await lab({ delayMs: 3000 });
    await page.goto(`/books/${book.id}`);
    await page.getByRole('button', { name: 'Buy now' }).click();
    await expect(page.getByTestId('stock')).toHaveText('19', { timeout: 1000 });
    await page.goto('/');
    const books = page.getByRole('region', { name: 'Books' });
    await expect(books.getByTestId('catalog-heading')).toHaveText('All books by title');
    const token = book.title.split(' ')[1]!;
    await page.getByLabel('Search').fill(token);
    await guarantee(page, `while the search for "${token}" is held until the read model has my order, the heading does not call the old list its results`, async () => {
      await expect(books.getByTestId('catalog-heading')).toHaveText(`Asking for “${token}”… the list below is the previous answer`);
      await expect(books.getByRole('listitem').filter({ hasText: book.title })).toHaveCount(0);
    });
    await guarantee(page, 'once the answer arrives, the heading names the search and the list is its answer', async () => {
      await expect(books.getByTestId('catalog-heading')).toHaveText(`Results for “${token}”`, { timeout: 5000 });
      await expect(books.getByRole('listitem')).toHaveCount(1);
    });
  });

  test('a failed command rolls back visibly with the reason', async ({ page, admin, lab }) => {
    const book = await freshBook(admin, 20);
    await useStrategies(page, { optimisticUpdates: true });
    await page.goto(`/books/${book.id}`);
    await expect(page.getByTestId('stock')).toHaveText('20');
    await lab({ failNextCommand: true });
    await page.getByRole('button', { name: 'Buy now' }).click();
    await guarantee(page, 'optimistic: a refused command rolls back visibly, saying why, and the stock is what the server has (20)', async () => {
      await expect(page.getByRole('alert').filter({ hasText: 'rolled back' })).toContainText('Fail next command');
      await expect(page.getByTestId('stock')).toHaveText('20');
    });
    await openMyOrders(page);
    await guarantee(page, 'optimistic: no order is left behind by the rolled-back guess', async () => {
      await expect(page.getByRole('main').getByTestId('freshness')).toBeVisible();
      await expect(orderCard(page, book.title)).toHaveCount(0);
    });
  });

  test('with the database down the order rolls back with the reason; once it is back, buying works', async ({ page, admin }) => {
    needsPrivateStack('it stops the stack’s own Postgres');
    const book = await freshBook(admin, 20);
    await useStrategies(page, { optimisticUpdates: true });
    await page.goto(`/books/${book.id}`);
    await expect(page.getByTestId('stock')).toHaveText('20');
    await stopService('postgres');
    try {
      await page.getByRole('button', { name: 'Buy now' }).click();
      await guarantee(page, 'optimistic: with the database down the guess rolls back, saying the store is unavailable', async () => {
        await expect(page.getByRole('alert').filter({ hasText: 'rolled back' })).toContainText('unavailable');
        await expect(page.getByTestId('stock')).toHaveText('20');
      });
    } finally {
      await startService('postgres');
    }
    await expect.poll(async () => (await page.request.get('/api/health')).status()).toBe(200);
    await page.getByRole('button', { name: 'Buy now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'committed at position' })).toBeVisible();
    await expect(page.getByTestId('stock')).toHaveText('19');
  });
});
