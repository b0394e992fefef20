// Shared helpers for the journeys: saved logins, strategy choice, lab control
// through the admin API, and books made fresh for each test.
import path from 'node:path';
import { expect, request, test as base, type APIRequestContext, type Page } from '@playwright/test';
import { NO_STRATEGIES, SETTINGS_STORAGE_KEY, type StrategySettings } from '../app/lib/consistency/settings';
import type { LabSettingsView } from '../server/contracts/api';
import { controlService, type ServiceName } from '../server/testing/service-control';
import { whatTheScreenShows } from './guarantee';

export { guarantee } from './guarantee';

export type Account = 'alice' | 'bob' | 'admin';
export const AUTH_DIR = path.resolve('.data/test-e2e-auth');
export const storageStateFor = (account: Account) => path.join(AUTH_DIR, `${account}.json`);

export const NONE: StrategySettings = NO_STRATEGIES;

/** Chooses the strategies before the app's first script runs, as if set in the panel earlier. */
export async function useStrategies(page: Page, settings: Partial<StrategySettings>) {
  await page.addInitScript(([key, s]) => window.localStorage.setItem(key, JSON.stringify(s)), [SETTINGS_STORAGE_KEY, { ...NONE, ...settings }] as const);
}

export type Lab = Partial<LabSettingsView>;

export const test = base.extend<{ admin: APIRequestContext; lab: (settings: Lab) => Promise<void>; screenOnFailure: void }>({
  // A failed journey says what its screen showed last: each view's value, position, source and badge, beside the guarantee it proves.
  screenOnFailure: [
    async ({ page }, use, testInfo) => {
      await use();
      if (testInfo.status === testInfo.expectedStatus) return;
      const shown = await whatTheScreenShows(page);
      if (shown.length === 0) return;
      const guarantee = testInfo.titlePath.slice(1, -1).join(' › ') || testInfo.title;
      await testInfo.attach('what the screen showed', { body: `Guarantee: ${guarantee}\n${shown.join('\n')}\n`, contentType: 'text/plain' });
      testInfo.annotations.push({ type: 'the screen showed', description: shown.join('; ') });
    },
    { auto: true },
  ],
  admin: async ({ baseURL }, use) => {
    const admin = await request.newContext({ baseURL, storageState: storageStateFor('admin') });
    await use(admin);
    await admin.dispose();
  },
  lab: async ({ admin }, use) => {
    // What the lab was before this test changed it: put back afterwards (on someone's running app too, under `npm run prove`).
    let found: LabSettingsView | undefined;
    await use(async (settings) => {
      found ??= ((await (await admin.get('/api/lab')).json()) as LabSettingsView);
      const res = await admin.put('/api/lab', { data: settings });
      expect(res.status()).toBe(200);
    });
    if (found) await admin.put('/api/lab', { data: found });
  },
});

/**
 * `npm run prove` against an app that is already running (E2E_BASE_URL): a journey that
 * needs the private stack (to stop its Postgres, open its second web instance, or rely on
 * DEMO_MODE=0) is skipped there, with the reason in the report.
 */
export const PROVING = Boolean(process.env.E2E_BASE_URL);
export const needsPrivateStack = (reason: string) => test.skip(PROVING, `needs the private test stack: ${reason}`);

export { expect };

/** Takes the stack's own Postgres or Redis down, or brings it back (see e2e/global-setup.ts). */
export const stopService = (name: ServiceName) => controlService(process.env.SERVICE_CONTROL_URL!, name, 'stop');
export const startService = (name: ServiceName) => controlService(process.env.SERVICE_CONTROL_URL!, name, 'start');

/** Adds a book through the API and waits until the read model has it, so a test starts from a settled page. */
export async function freshBook(admin: APIRequestContext, stock = 20, priceCents = 1250) {
  const title = `E2E ${Math.random().toString(36).slice(2, 8)} Chronicle`;
  const res = await admin.post('/api/books', { data: { title, author: 'Playwright Tester', priceCents, stock } });
  expect(res.status()).toBe(201);
  const { bookId, position } = (await res.json()) as { bookId: string; position: number };
  await waitForProjection(admin, position);
  return { id: bookId, title, position };
}

export async function projectionPosition(api: APIRequestContext): Promise<number> {
  return ((await (await api.get('/api/projection')).json()) as { position: number }).position;
}

export async function waitForProjection(api: APIRequestContext, position: number) {
  await expect.poll(() => projectionPosition(api), { timeout: 15_000 }).toBeGreaterThanOrEqual(position);
}

/** Buys on the book page and returns the position the order committed at (shown in the confirmation). */
export async function buy(page: Page, bookId: string, quantity = 1): Promise<number> {
  await page.goto(`/books/${bookId}`);
  await page.getByLabel('Quantity').fill(String(quantity));
  await page.getByRole('button', { name: 'Buy now' }).click();
  const confirmation = page.getByRole('status').filter({ hasText: 'committed at position' });
  await expect(confirmation).toBeVisible();
  await snap(page, 'bought: the answer, with its position');
  return Number((await confirmation.textContent())!.match(/position (\d+)/)![1]);
}

/** A screenshot of the moment that matters, attached to the journey in the HTML report. */
export async function snap(page: Page, moment: string): Promise<void> {
  await test.info().attach(moment, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
}

export const orderCard = (page: Page, title: string) => page.getByRole('listitem', { name: `Order ${title}` });
export const freshness = (page: Page) => page.getByRole('main').getByTestId('freshness').first();
/** Goes to My orders through the header link, as a user would; a click lost while the page re-renders is made again. */
export async function openMyOrders(page: Page): Promise<void> {
  await expect(async () => {
    if (new URL(page.url()).pathname !== '/orders') await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My orders' }).click();
    await expect(page).toHaveURL(/\/orders(\?|$)/, { timeout: 2000 });
  }).toPass({ timeout: 10_000 });
}

/**
 * Opens a page and waits for the browser's own first read of `readPath`. The
 * server renders the first view; the browser reads again once hydrated, and a
 * test that changes data behind the page's back must start after that read.
 */
export async function openAfterOwnRead(page: Page, path: string, readPath: string) {
  const read = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === readPath);
  await page.goto(path);
  await read;
}
