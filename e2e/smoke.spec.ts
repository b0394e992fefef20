// The whole pipeline through the browser: sign in, buy, see the order.
import { expect, freshBook, test } from './fixtures';

test('a customer signs in, buys a book and sees it in My orders', async ({ page, admin }) => {
  const book = await freshBook(admin);
  await page.goto('/login');
  await page.getByLabel('Email').fill('alice@example.com');
  await page.getByLabel('Password').fill('bookstore');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('link', { name: 'My orders' })).toBeVisible();

  // Typed before the page has hydrated, a search can be lost (the server-rendered box ignores it): type again, as a user would.
  const result = page.getByRole('main').getByRole('link', { name: book.title });
  await expect(async () => {
    await page.getByRole('searchbox', { name: 'Search' }).fill(book.title.split(' ')[1]!);
    await expect(result).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 20_000 });
  await result.click();
  await page.getByLabel('Quantity').fill('2');
  await page.getByRole('button', { name: 'Buy now' }).click();
  await expect(page.getByRole('status')).toContainText('Order placed');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My orders' }).click();
  await expect(page.getByRole('listitem', { name: `Order ${book.title}` })).toContainText(`2 × ${book.title}`);
});
