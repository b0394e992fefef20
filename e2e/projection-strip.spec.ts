// The header's "read model N / log M" polls the projector's status each
// second; a view beside it can learn of a newer read model sooner (a push,
// then its refetch). The strip must never name an older read model than a
// view on the same screen shows: it takes the page's own evidence too.
import { buy, expect, freshBook, guarantee, needsPrivateStack, startService, stopService, storageStateFor, test, useStrategies, waitForProjection } from './fixtures';

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

test("the header never names an older log than this browser's own commit, and says the read model is behind it", async ({ page, admin, lab }) => {
  const book = await freshBook(admin, 20, 1000);
  await useStrategies(page, { liveNotifications: true });
  // Every DOM change is checked: the answer's "committed at position N" (the write side's word) against the strip's log figure.
  await page.addInitScript(() => {
    const w = window as unknown as { __stripLogBehind: string[]; __stripSaidBehind: boolean };
    w.__stripLogBehind = [];
    w.__stripSaidBehind = false;
    new MutationObserver(() => {
      const log = Number(document.querySelector('[data-testid="strip-log"]')?.textContent ?? Number.NaN);
      const answers = [...document.querySelectorAll('main [role="status"]')].map((el) => el.textContent ?? '');
      const committed = answers.map((text) => /committed at position (\d+)/.exec(text)).find((m) => m !== null);
      if (Number.isNaN(log) || !committed) return;
      if (Number(committed[1]) > log) w.__stripLogBehind.push(`the answer said committed at position ${committed[1]} while the header said log ${log}`);
      const readModel = Number(document.querySelector('[data-testid="strip-read-model"]')?.textContent);
      if (readModel < Number(committed[1]) && /· (\d+ )?behind/.test(document.querySelector('.status-strip')?.textContent ?? '')) w.__stripSaidBehind = true;
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto(`/books/${book.id}`);
  await expect(page.getByTestId('live-indicator')).toHaveText('live');

  await lab({ delayMs: DELAY });
  await page.getByLabel('Quantity').fill('1');
  await page.getByRole('button', { name: 'Buy now' }).click();
  const placed = page.locator('main [role="status"]').filter({ hasText: /committed at position \d+/ });
  await expect(placed).toBeVisible();
  const position = Number(/committed at position (\d+)/.exec((await placed.textContent()) ?? '')![1]);
  await guarantee(page, `from the answer at position ${position} on, the header names the log at ${position} or later and the read model as behind until it has it`, async () => {
    expect(Number(await page.getByTestId('strip-log').textContent())).toBeGreaterThanOrEqual(position);
    await expect(page.locator('main [data-testid="freshness"]').filter({ hasText: new RegExp(`^position ${position}$`) }).first()).toBeVisible({ timeout: DELAY + 3000 });
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __stripLogBehind: string[]; __stripSaidBehind: boolean };
      return { __stripLogBehind: w.__stripLogBehind, __stripSaidBehind: w.__stripSaidBehind };
    });
    expect(seen.__stripLogBehind).toEqual([]);
    expect(seen.__stripSaidBehind).toBe(true);
  });
});

test('the sync timeline says a command is projected once the header has its position, and that no push comes when nothing listens', async ({ page, admin, lab }) => {
  const book = await freshBook(admin, 20, 1000);
  // Read-your-writes alone: served from the primary, it never reads the read model again by itself, and it opens no socket.
  await useStrategies(page, { readYourWrites: true });
  await lab({ delayMs: DELAY });
  const position = await buy(page, book.id);
  const timeline = page.getByLabel('Sync timeline');
  await guarantee(page, `the timeline of the order at position ${position} says no push will come (no strategy listens), not "notified …"`, async () => {
    await expect(timeline).toContainText('no push (live off)');
    await expect(timeline).not.toContainText('notified');
  });
  await guarantee(page, `once the header says read model ${position} or later, the timeline says the order is projected`, async () => {
    await waitForProjection(admin, position);
    await page.waitForFunction((p) => Number(document.querySelector('[data-testid="strip-read-model"]')?.textContent) >= p, position, { timeout: 3000 });
    await expect(timeline).toContainText(/projected \+\d+ ms/, { timeout: 1000 });
  });
});

test('with the database down, the header says its figures are from the last status it got, and says so no longer once it is back', async ({ page }) => {
  needsPrivateStack('it stops the stack’s own Postgres');
  await page.goto('/');
  await expect(page.getByTestId('strip-log')).toHaveText(/\d+/);
  await stopService('postgres');
  try {
    await guarantee(page, 'the log head comes from Postgres: while it is down the header keeps its last figures and marks them as of a time', async () => {
      await expect(page.getByTestId('strip-status-lost')).toContainText(/as of .+: status unavailable/, { timeout: 8000 });
    });
  } finally {
    await startService('postgres');
  }
  await guarantee(page, 'once Postgres is back, the header is current again', async () => {
    await expect(page.getByTestId('strip-status-lost')).toHaveCount(0, { timeout: 10_000 });
  });
});
