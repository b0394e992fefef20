// A broken guarantee reads as one: the failure message names the promise and
// what the screen showed instead (value, position, source), not only a timeout.
import { expect, freshBook, guarantee, openAfterOwnRead, storageStateFor, test } from './fixtures';

test.use({ storageState: storageStateFor('alice') });

test('a journey whose guarantee breaks says which one, and what the screen showed instead', async ({ page, admin }) => {
  const book = await freshBook(admin, 7, 1250);
  await openAfterOwnRead(page, `/books/${book.id}`, `/api/books/${book.id}`);
  await expect(page.getByTestId('price')).toHaveText('$12.50');

  // Broken on purpose: the page shows $12.50, this "guarantee" expects $0.01.
  const promise = 'a made-up guarantee: the book costs $0.01';
  const failure = await guarantee(page, promise, () => expect(page.getByTestId('price')).toHaveText('$0.01', { timeout: 300 })).then(
    () => undefined,
    (error: Error) => error,
  );
  expect(failure?.name).toBe('GuaranteeBroken');
  const message = failure!.message;
  expect(message).toContain(`Guarantee broken: ${promise}`);
  // The screen's last state: the book view's value, at a position, from the read model.
  expect(message).toMatch(new RegExp(`book:${book.id}: [^\\n]*stock 7, 1250 cents[^\\n]* at position \\d+ from read-model`));
  // And Playwright's own expectation, so nothing is lost.
  expect(message).toContain('toHaveText');
});
