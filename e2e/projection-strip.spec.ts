// The header's "read model N / log M" polls the projector's status each
// second; a view beside it can learn of a newer read model sooner (a push,
// then its refetch). The strip must never name an older read model than a
// view on the same screen shows: it takes the page's own evidence too.
import { expect, freshBook, guarantee, storageStateFor, test, useStrategies, waitForProjection } from './fixtures';

test.use({ storageState: storageStateFor('bob') });

const DELAY = 1500;

test('the header never names an older read model than a view beside it shows', async ({ page, admin, lab }) => {
  const book = await freshBook(admin, 20, 1000);
  await useStrategies(page, { liveNotifications: true });
  // Every DOM change is checked: a view's "position N" (served by the read model at N) against the strip's number.
  await page.addInitScript(() => {
    const w = window as unknown as { __stripBehind: string[] };
    w.__stripBehind = [];
    new MutationObserver(() => {
      const strip = Number(document.querySelector('[data-testid="strip-read-model"]')?.textContent ?? Number.NaN);
      if (Number.isNaN(strip)) return;
      for (const badge of document.querySelectorAll('main [data-testid="freshness"]')) {
        const shown = /^position (\d+)$/.exec(badge.textContent ?? '');
        if (shown && Number(shown[1]) > strip) w.__stripBehind.push(`a view showed position ${shown[1]} while the header said read model ${strip}`);
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(`/books/${book.id}`);
  await expect(page.getByTestId('price')).toHaveText('$10.00');
  await expect(page.getByTestId('live-indicator')).toHaveText('live');

  await lab({ delayMs: DELAY });
  const res = await admin.post(`/api/books/${book.id}/price`, { data: { priceCents: 1199 } });
  expect(res.status()).toBe(200);
  const { position } = (await res.json()) as { position: number };
  await guarantee(page, `once the view shows the new price at position ${position}, the header says read model ${position} or later, at every moment`, async () => {
    await expect(page.getByTestId('price')).toHaveText('$11.99', { timeout: DELAY + 3000 });
    await expect(page.locator('main [data-testid="freshness"]').filter({ hasText: new RegExp(`^position ${position}$`) }).first()).toBeVisible();
    expect(Number(await page.getByTestId('strip-read-model').textContent())).toBeGreaterThanOrEqual(position);
    // The next poll has caught up by now; the strip must not have been behind at any moment before it.
    await waitForProjection(admin, position);
    await page.waitForFunction((p) => Number(document.querySelector('[data-testid="strip-read-model"]')?.textContent) >= p, position);
    expect(await page.evaluate(() => (window as unknown as { __stripBehind: string[] }).__stripBehind)).toEqual([]);
  });
});
