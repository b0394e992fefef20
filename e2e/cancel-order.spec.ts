// After a command's answer the card never offers what the server just refused,
// and shows what the write side said until the read model agrees.
import { expect, freshBook, guarantee, openMyOrders, orderCard, storageStateFor, test, useStrategies, waitForProjection } from './fixtures';

test.use({ storageState: storageStateFor('alice') });

test('a cancelled order stops offering Cancel at once, even with every strategy off and a slow projection', async ({ page, admin, lab }) => {
  const book = await freshBook(admin);
  const placed = (await (await page.request.post('/api/orders', { data: { lines: [{ bookId: book.id, quantity: 1 }] } })).json()) as { orderId: string; position: number };
  await waitForProjection(admin, placed.position);
  await useStrategies(page, {});
  await lab({ delayMs: 2000 });
  await page.goto('/');
  await openMyOrders(page);
  const card = orderCard(page, book.title);
  await card.getByRole('button', { name: 'Cancel order' }).click();
  await guarantee(page, 'never offer what the server refused: a cancelled card shows the write side’s answer and no Cancel button, while the read model lags', async () => {
    await expect(card).toContainText('write side: cancelled at position');
    await expect(card.locator('.status')).toHaveText('cancelled');
    await expect(card.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
  });
  // Two orders of the same book look alike: the card names the order and the position it was placed at.
  await expect(card).toContainText(`#${placed.orderId.slice(0, 8)}`);
  await expect(card).toContainText(`position ${placed.position - 1}`);
});

test('a card that missed a cancellation made elsewhere says so after the refusal, and offers nothing', async ({ page, admin, lab }) => {
  const book = await freshBook(admin);
  const placed = (await (await page.request.post('/api/orders', { data: { lines: [{ bookId: book.id, quantity: 1 }] } })).json()) as { orderId: string; position: number };
  await waitForProjection(admin, placed.position);
  await useStrategies(page, {});
  await page.goto('/');
  await openMyOrders(page);
  const card = orderCard(page, book.title);
  await expect(card.getByRole('button', { name: 'Cancel order' })).toBeVisible();
  // Cancelled in another tab while this one is not listening.
  await lab({ paused: true });
  expect((await page.request.post(`/api/orders/${placed.orderId}/cancel`)).status()).toBe(200);
  await card.getByRole('button', { name: 'Cancel order' }).click();
  await guarantee(page, 'never offer what the server refused: a card that missed a cancellation says so after the refusal and offers nothing', async () => {
    await expect(card).toContainText('write side: already cancelled');
    await expect(card.locator('.status')).toHaveText('cancelled');
    await expect(card.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
    await expect(card).not.toContainText('This order is already cancelled.');
  });
});
