// An admin rebuilds every read model from the log while the store keeps serving.
import { expect, freshBook, freshness, storageStateFor, test } from './fixtures';

test.use({ storageState: storageStateFor('admin') });

test('rebuilds beside the live read models and switches to them, pages still served from Redis', async ({ page, admin }) => {
  const book = await freshBook(admin);
  const before = ((await (await admin.get('/api/projection')).json()) as { namespace: string }).namespace;
  await page.goto('/admin');
  const panel = page.getByRole('region', { name: 'Projection status' });
  await expect(panel).toContainText(`Serving from namespace ${before}`);
  await panel.getByRole('button', { name: 'Rebuild read models' }).click();
  await expect(panel.getByTestId('rebuild-status')).toContainText(`Switched to rm-`, { timeout: 15_000 });
  await expect(panel.getByTestId('rebuild-status')).toContainText(`${before} is kept a few seconds`);
  // Deleted after the rebuild's grace period (5 s), not at the switch.
  await expect(panel.getByTestId('rebuild-status')).toContainText(`${before} was deleted`, { timeout: 15_000 });
  await expect(panel.getByRole('button', { name: 'Rebuild read models' })).toBeEnabled();

  await page.goto(`/books/${book.id}`);
  await expect(page.getByRole('heading', { name: book.title })).toBeVisible();
  await expect(freshness(page)).toHaveText(/^position \d+$/);
});
