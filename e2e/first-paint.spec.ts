// First paint has data: pages come from the server with their first view read
// from the read models and stamped with its position, so a navigation does not
// flash "Loading…". Proven with JavaScript off: what is there is the server's.
import { expect, freshBook, storageStateFor, test, waitForProjection } from './fixtures';

test.use({ storageState: storageStateFor('alice'), javaScriptEnabled: false });

test('the catalog, a book and my orders arrive with their data and its position', async ({ page, admin }) => {
  const book = await freshBook(admin, 7, 1234);
  const placed = (await (await page.request.post('/api/orders', { data: { lines: [{ bookId: book.id, quantity: 1 }] } })).json()) as { position: number };
  await waitForProjection(admin, placed.position);

  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Books' }).getByRole('link').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Books' }).getByTestId('freshness')).toHaveText(/^position \d+$/);
  await expect(page.getByText(/Loading/)).toHaveCount(0);

  await page.goto(`/books/${book.id}`);
  await expect(page.getByRole('heading', { name: book.title })).toBeVisible();
  await expect(page.getByTestId('price')).toHaveText('$12.34');
  await expect(page.getByTestId('stock')).toHaveText('6');

  await page.goto('/orders');
  await expect(page.getByRole('listitem', { name: `Order ${book.title}` })).toBeVisible();
  await expect(page.getByRole('main').getByTestId('freshness').first()).toHaveText(/^position \d+$/);
});
