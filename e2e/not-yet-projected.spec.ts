// Not yet projected is not "not found": a book opened right after it was
// added says so with both positions and appears when the read model has it;
// "not found" only once the read model is past what the client knows.
import { expect, guarantee, storageStateFor, test } from './fixtures';

test.use({ storageState: storageStateFor('admin') });

test('a book opened before it is projected says "not in the read model yet", then shows', async ({ page, lab }) => {
  await lab({ delayMs: 2000 });
  await page.goto('/admin');
  const title = `Unprojected ${Math.random().toString(36).slice(2, 8)}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Author').fill('Playwright Tester');
  await page.getByLabel('Price (USD)').fill('12.00');
  await page.getByLabel('Stock').fill('5');
  await page.getByRole('button', { name: 'Add book' }).click();
  await page.getByRole('link', { name: 'Open it' }).click();
  const notYet = page.getByRole('status').filter({ hasText: 'Not in the read model yet' });
  await guarantee(page, 'not yet projected is not "not found": the page names both positions while the read model lags', async () => {
    await expect(notYet).toBeVisible();
    await expect(notYet).toContainText(/written at position \d+; the read model is at \d+/);
  });
  await guarantee(page, 'not yet projected: the book appears by itself once projected, never "not found"', async () => {
    await expect(page.getByRole('heading', { name: title })).toBeVisible({ timeout: 6000 });
    await expect(page.getByText('Book not found')).toHaveCount(0);
  });
});

test('a book that does not exist is "not found" once the read model is past what the page knows', async ({ page }) => {
  await page.goto(`/books/${crypto.randomUUID()}`);
  await expect(page.getByRole('heading', { name: 'Book not found' })).toBeVisible();
});
