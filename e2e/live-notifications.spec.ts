// Live notifications: another user sees the admin's price change without
// reloading, within the lag plus a second; with Live off, only after a reload.
import type { WebSocketRoute } from '@playwright/test';
import { E2E_PORT } from '../playwright.config';
import { expect, freshBook, guarantee, needsPrivateStack, openAfterOwnRead, storageStateFor, test, useStrategies, waitForProjection } from './fixtures';
import { liveNotifications } from '../app/lib/consistency/strategies/live-notifications';

const DELAY = 1000;

// The strategy's own promise (its file in app/lib/consistency/strategies/) titles the journeys that prove it.
test.describe(`${liveNotifications.label}: ${liveNotifications.guarantee}`, () => {
  test('bob sees a new price live; with Live off he needs a reload', async ({ browser, admin, lab }) => {
    const book = await freshBook(admin, 20, 1000);
    const live = await browser.newContext({ storageState: storageStateFor('bob') });
    const off = await browser.newContext({ storageState: storageStateFor('bob') });
    const livePage = await live.newPage();
    const offPage = await off.newPage();
    await useStrategies(livePage, { liveNotifications: true });
    await useStrategies(offPage, {});
    for (const p of [livePage, offPage]) {
      await openAfterOwnRead(p, `/books/${book.id}`, `/api/books/${book.id}`);
      await expect(p.getByTestId('price')).toHaveText('$10.00');
    }
    await expect(livePage.getByTestId('live-indicator')).toHaveText('live');

    await lab({ delayMs: DELAY });
    const res = await admin.post(`/api/books/${book.id}/price`, { data: { priceCents: 1399 } });
    expect(res.status()).toBe(200);
    const changedAt = Date.now();
    await guarantee(livePage, `live: bob's open page shows the new price $13.99 by itself within the lag plus a second (${DELAY + 1000} ms)`, async () => {
      await expect(livePage.getByTestId('price')).toHaveText('$13.99', { timeout: DELAY + 1000 });
      expect(Date.now() - changedAt).toBeLessThanOrEqual(DELAY + 1000);
    });

    // The page without Live still shows the old price well after the projection has it...
    await offPage.waitForTimeout(1500);
    await guarantee(offPage, 'without live: the page keeps what it read ($10.00) until the user reloads, then shows $13.99', async () => {
      await expect(offPage.getByTestId('price')).toHaveText('$10.00');
      await offPage.reload();
      await expect(offPage.getByTestId('price')).toHaveText('$13.99');
    });
    await live.close();
    await off.close();
  });

  test('a browser on the second web instance sees, live, a price changed through the first', async ({ browser, admin, lab }) => {
    needsPrivateStack('it opens the second web instance of the private stack');
    const book = await freshBook(admin, 20, 2000);
    const second = `http://localhost:${E2E_PORT + 1}`;
    const context = await browser.newContext({ storageState: storageStateFor('bob') });
    const page = await context.newPage();
    await useStrategies(page, { liveNotifications: true });
    await page.goto(`${second}/books/${book.id}`);
    await expect(page.getByTestId('price')).toHaveText('$20.00');
    await expect(page.getByTestId('live-indicator')).toHaveText('live');

    await lab({ delayMs: 0 });
    expect((await admin.post(`/api/books/${book.id}/price`, { data: { priceCents: 2450 } })).status()).toBe(200);
    await guarantee(page, 'live: a page on the second web instance shows the price changed through the first ($24.50) within 2 s', () =>
      expect(page.getByTestId('price')).toHaveText('$24.50', { timeout: 2000 }),
    );
    await context.close();
  });

  test('after the connection drops, the page catches up by itself when it comes back', async ({ browser, admin, lab }) => {
    // No lag: this journey is about the reconnect (on a running app the lab may have one; it is put back after).
    await lab({ delayMs: 0 });
    const book = await freshBook(admin, 20, 3000);
    const context = await browser.newContext({ storageState: storageStateFor('bob') });
    const page = await context.newPage();
    await useStrategies(page, { liveNotifications: true });
    // Stand between the browser and the server's websocket, so the test can cut the line.
    let blocked = false;
    const open: WebSocketRoute[] = [];
    await page.routeWebSocket(/socket\.io/, (ws) => {
      if (blocked) return void ws.close();
      ws.connectToServer();
      open.push(ws);
    });
    await openAfterOwnRead(page, `/books/${book.id}`, `/api/books/${book.id}`);
    await expect(page.getByTestId('live-indicator')).toHaveText('live');

    blocked = true;
    await Promise.all(open.map((ws) => ws.close()));
    await expect(page.getByTestId('live-indicator')).toHaveText('reconnecting');
    // Changed while this browser could not hear it.
    const res = await admin.post(`/api/books/${book.id}/price`, { data: { priceCents: 3333 } });
    await waitForProjection(admin, ((await res.json()) as { position: number }).position);
    await expect(page.getByTestId('price')).toHaveText('$30.00');

    blocked = false;
    await guarantee(page, 'live: after the line comes back the page reconnects by itself and catches up on the change it missed ($33.33)', async () => {
      await expect(page.getByTestId('live-indicator')).toHaveText('live', { timeout: 15_000 });
      await expect(page.getByTestId('price')).toHaveText('$33.33');
    });
    await context.close();
  });
});
