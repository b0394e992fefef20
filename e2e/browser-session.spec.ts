// One session per browser: tabs share the token and pending changes, and a
// reload loses nothing: a pending order stays, and a command whose answer the
// reload cut off is sent again with its idempotency key and exists once.
import type { Page } from '@playwright/test';
import { expect, freshBook, openMyOrders, orderCard, storageStateFor, test, useStrategies } from './fixtures';

test.use({ storageState: storageStateFor('alice') });

const LAG = 3000;
const ordersOf = async (page: Page, bookId: string) =>
  ((await (await page.request.get('/api/orders?consistency=primary&limit=50')).json()) as { items: { lines: { bookId: string }[] }[] }).items.filter((o) =>
    o.lines.some((l) => l.bookId === bookId),
  ).length;

test('two tabs of one browser share the token and the pending order', async ({ page, admin, lab }) => {
  const book = await freshBook(admin);
  const other = await page.context().newPage();
  for (const p of [page, other]) await useStrategies(p, { optimisticUpdates: true });
  await lab({ delayMs: LAG });
  await other.goto('/orders');
  await expect(other.getByRole('main').getByTestId('freshness')).toBeVisible();

  await page.goto(`/books/${book.id}`);
  await page.getByRole('button', { name: 'Buy now' }).click();
  const confirmation = page.getByRole('status').filter({ hasText: 'committed at position' });
  await expect(confirmation).toBeVisible();
  const position = Number((await confirmation.textContent())!.match(/position (\d+)/)![1]);

  // The other tab shows the order at once, pending, and knows the token, long before the projection.
  await expect(orderCard(other, book.title)).toBeVisible({ timeout: 1000 });
  await expect(orderCard(other, book.title)).toContainText('pending');
  await expect(other.getByTestId('token')).toContainText(`Your token: position ${position}`);
  // Once projected, it confirms there too, by itself.
  await expect(orderCard(other, book.title)).not.toContainText('pending', { timeout: LAG + 3000 });
});

test('two idle tabs are quiet: a tab writes its share only when it changes, so the tabs do not answer each other for ever', async ({ page }) => {
  const other = await page.context().newPage();
  for (const p of [page, other]) {
    await p.goto('/orders');
    await expect(p.getByRole('main').getByTestId('freshness')).toHaveText(/^position \d+$/);
  }
  // Every write of one tab's share is a `storage` event in the other: count them while nobody does anything.
  const count = (p: Page) =>
    p.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let events = 0;
          window.addEventListener('storage', () => events++);
          setTimeout(() => resolve(events), 2000);
        }),
    );
  const [inPage, inOther] = await Promise.all([count(page), count(other)]);
  // Before the fix each tab's write made the other write back: hundreds a second.
  expect(inPage + inOther).toBeLessThanOrEqual(2);
});

test('a reload during the lag keeps the pending order, which then exists exactly once', async ({ page, admin, lab }) => {
  const book = await freshBook(admin);
  await useStrategies(page, { optimisticUpdates: true });
  await lab({ delayMs: LAG });
  await page.goto(`/books/${book.id}`);
  await page.getByRole('button', { name: 'Buy now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'committed at position' })).toBeVisible();
  await openMyOrders(page);
  await expect(orderCard(page, book.title)).toContainText('pending');
  await page.reload();
  await expect(orderCard(page, book.title)).toBeVisible({ timeout: 1000 });
  await expect(orderCard(page, book.title)).toContainText('pending');
  await expect(orderCard(page, book.title)).not.toContainText('pending', { timeout: LAG + 3000 });
  await expect(orderCard(page, book.title)).toHaveCount(1);
  expect(await ordersOf(page, book.id)).toBe(1);
});

test('a command whose answer a reload cut off is sent again with its key and applied once', async ({ page, admin, lab }) => {
  const book = await freshBook(admin);
  await useStrategies(page, { optimisticUpdates: true });
  await lab({ delayMs: LAG });
  await page.goto(`/books/${book.id}`);
  await expect(page.getByTestId('stock')).toHaveText('20');
  // The order reaches the server, but its answer never reaches the page: the tab reloads first.
  let reachedServer!: () => void;
  const sent = new Promise<void>((resolve) => (reachedServer = resolve));
  let cutOff = false;
  await page.route(`**/books/${book.id}`, async (route) => {
    if (route.request().method() !== 'POST' || cutOff) return route.continue();
    cutOff = true;
    await route.fetch(); // the server commits; the page never hears back
    reachedServer();
  });
  await page.getByRole('button', { name: 'Buy now' }).click();
  await expect(page.getByTestId('stock')).toHaveText('19');
  await sent;
  expect(await ordersOf(page, book.id)).toBe(1);
  await page.reload();
  // The pending change survived the reload, and the resumed command was answered with its first result.
  await expect(page.getByTestId('stock')).toHaveText('19');
  await expect(page.getByRole('region', { name: 'Sync timeline' })).toContainText(/committed \(position \d+\)/);
  await openMyOrders(page);
  await expect(orderCard(page, book.title)).not.toContainText('pending', { timeout: LAG + 3000 });
  await expect(orderCard(page, book.title)).toHaveCount(1);
  expect(await ordersOf(page, book.id)).toBe(1);
});

test('a browser that remembers another event log (the store was started over) drops what it kept for it, and says so', async ({ page }) => {
  // What a tab kept before `.data/` was deleted: a token and a pending order from a log that no longer exists.
  const old = {
    log: 'the-log-before-the-start-over',
    token: 99_999,
    updatedAt: Date.now() - 60_000,
    overlays: [
      {
        id: 'old-command',
        token: 99_999,
        changes: [
          {
            kind: 'order-placed',
            bookIds: ['old-book'],
            order: { id: 'old-order', status: 'placed', lines: [{ bookId: 'old-book', title: 'From the old store', quantity: 1, priceCents: 100 }], totalCents: 100, placedAt: new Date().toISOString(), version: 1 },
          },
        ],
      },
    ],
    outbox: [],
  };
  await page.addInitScript((state) => {
    if (window.sessionStorage.getItem('seeded')) return;
    window.sessionStorage.setItem('seeded', '1');
    window.localStorage.setItem('bookstore.tab.old-tab', JSON.stringify(state));
  }, old);
  await useStrategies(page, { optimisticUpdates: true });
  await page.goto('/orders');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('This store was started over');
  await expect(page.getByRole('main').getByRole('alert')).toContainText('1 pending change from the old one was dropped');
  // Not held against this log: no order from the old one, and no log position it never reached.
  await expect(page.getByRole('main').getByTestId('freshness')).toHaveText(/^position \d+$/);
  await expect(orderCard(page, 'From the old store')).toHaveCount(0);
  await expect(page.getByTestId('strip-log')).not.toHaveText('99999');
  await page.reload();
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
  await expect(orderCard(page, 'From the old store')).toHaveCount(0);
});
