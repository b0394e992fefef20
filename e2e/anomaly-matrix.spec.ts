// The anomaly matrix, recorded: every strategy in one Lab pane each, under a
// scenario of faults on the real pipeline; each pane's history is judged by
// the anomaly checker (app/lib/lab/anomalies.ts). The guarantees a strategy
// promises are asserted; everything seen goes into the matrix, written at the
// end (`npm run matrix` writes docs/anomaly-matrix.md; the short run in
// `npm test` writes test-results/anomaly-matrix.md).
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { combinationLabel } from '../app/lib/consistency/compose';
import { NO_STRATEGIES, SETTINGS_STORAGE_KEY, type StrategySettings } from '../app/lib/consistency/settings';
import type { RecordedScope } from '../app/lib/consistency/view-history';
import { checkHistory, type History, type ViewSample } from '../app/lib/lab/anomalies';
import { DEFAULT_PANES } from '../app/lib/lab/default-panes';
import { buildMatrix, matrixMarkdown, type ScenarioResult } from '../app/lib/lab/anomaly-matrix';
import { E2E_PORT } from '../playwright.config';
import { expect, freshBook, storageStateFor, test, type Lab } from './fixtures';
import { expectMonotonicReads, expectNoEndlessWait, expectNoLostWrite, expectNoSilentRollback, expectReadYourWrites } from './matrix/history-expectations';

test.use({ storageState: storageStateFor('alice'), screenshot: 'only-on-failure' });

/** Commands per scenario: a few in `npm test`, more under `npm run matrix`. */
const RUNS = Number(process.env.MATRIX_RUNS ?? 4);
const RESULTS = path.resolve('test-results/anomaly-matrix');

const PANES = ['none', 'readYourWrites', 'waitForProjection', 'versionPolling', 'optimisticUpdates', 'liveNotifications', 'staleWhileRevalidate', 'optimisticUpdates+liveNotifications'];
const LABELS = {
  none: 'None (eventual)',
  ryw: 'Read-your-writes',
  wait: 'Wait for projection',
  polling: 'Version polling',
  optimistic: 'Optimistic updates',
  live: 'Live notifications',
  optimisticLive: 'Optimistic updates + Live notifications',
};

type Histories = { strategy: string; history: History }[];

async function openLab(page: Page, bookId: string) {
  await page.goto(`/lab?book=${bookId}&${PANES.map((p) => `pane=${encodeURIComponent(p)}`).join('&')}`);
  await expect(page.getByRole('region', { name: LABELS.none, exact: true }).getByTestId('stock')).toHaveText(/\d+/);
  for (const name of Object.values(LABELS)) await expect(page.getByRole('region', { name, exact: true }).getByTestId('stock')).toHaveText(/\d+/);
}

async function runCommands(page: Page, n: number, during?: (done: number) => Promise<void>) {
  await page.getByLabel('Commands in a run').fill(String(n));
  await page.getByRole('button', { name: `Run ${n}` }).click();
  const progress = page.getByRole('progressbar', { name: 'Run progress' });
  await expect(progress).toBeVisible();
  let acted = false;
  await expect
    .poll(
      async () => {
        if (!(await progress.isVisible())) return true;
        // The bar may go between the two calls: never wait for it to come back.
        const done = Number(await progress.getAttribute('value', { timeout: 200 }).catch(() => null));
        if (during && !acted && done >= Math.floor(n / 2)) {
          acted = true;
          await during(done);
        }
        return false;
      },
      { timeout: n * 15_000, intervals: [100] },
    )
    .toBe(true);
}

async function record(page: Page, scenario: string, faults: string, commands: number): Promise<Histories> {
  const histories = await page.evaluate(() => (window as unknown as { __labHistories: () => { strategy: string; history: History }[] }).__labHistories());
  const result: ScenarioResult = { scenario, faults, commands, panes: histories.map(({ strategy, history }) => ({ strategy, ...checkHistory(history) })) };
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, `${scenario.replace(/\W+/g, '-')}.json`), JSON.stringify(result, null, 2));
  return histories;
}

const of = (histories: Histories, label: string) => {
  const found = histories.find((h) => h.strategy === label);
  if (!found) throw new Error(`no pane "${label}" in ${histories.map((h) => h.strategy).join(', ')}`);
  return found.history;
};

test.afterAll(() => {
  if (!fs.existsSync(RESULTS)) return;
  const results = fs.readdirSync(RESULTS).map((f) => JSON.parse(fs.readFileSync(path.join(RESULTS, f), 'utf8')) as ScenarioResult);
  const dirty = execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim() !== '';
  const commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim() + (dirty ? ' + uncommitted changes' : '');
  const matrix = buildMatrix(results, commit);
  const out = process.env.MATRIX_OUT ?? 'test-results/anomaly-matrix.md';
  fs.writeFileSync(out, matrixMarkdown(matrix));
  if (process.env.MATRIX_JSON) fs.writeFileSync(process.env.MATRIX_JSON, `${JSON.stringify(matrix, null, 2)}\n`);
  console.log(`anomaly matrix (${RUNS} commands per scenario) written to ${out}`);
});

async function scenario(page: Page, lab: (s: Lab) => Promise<void>, admin: import('@playwright/test').APIRequestContext, settings: Lab) {
  const book = await freshBook(admin, 10_000);
  await lab(settings);
  await openLab(page, book.id);
}

test('a lag with jitter, and a command that fails late: read-your-writes holds, rollbacks are explained', async ({ page, lab, admin }) => {
  test.setTimeout(60_000 + RUNS * 20_000);
  await scenario(page, lab, admin, { delayMs: 800, jitterMs: 600, failAfterMs: 600 });
  await runCommands(page, RUNS);
  await lab({ failNextCommand: true });
  await page.getByRole('button', { name: 'Buy in every pane' }).click();
  await expect(page.getByRole('region', { name: LABELS.optimistic, exact: true }).getByRole('alert')).toContainText('rolled back');
  const histories = await record(page, 'lag with jitter', 'delay 800 ± 600 ms; one command fails after 600 ms', RUNS + 1);
  expectReadYourWrites(of(histories, LABELS.ryw), LABELS.ryw);
  expectReadYourWrites(of(histories, LABELS.wait), LABELS.wait);
  expectNoSilentRollback(of(histories, LABELS.optimistic), LABELS.optimistic);
  expectNoSilentRollback(of(histories, LABELS.optimisticLive), LABELS.optimisticLive);
  for (const label of [LABELS.ryw, LABELS.wait, LABELS.polling, LABELS.live]) expectMonotonicReads(of(histories, label), label);
});

test('dropped pushes: live notifications still catch up, and no view goes back in time', async ({ page, lab, admin }) => {
  test.setTimeout(60_000 + RUNS * 20_000);
  await scenario(page, lab, admin, { delayMs: 400, dropPushes: 1000 });
  await runCommands(page, RUNS);
  const histories = await record(page, 'dropped pushes', 'delay 400 ms; every push to browsers dropped (the worker’s repeat only)', RUNS);
  for (const label of [LABELS.live, LABELS.optimisticLive]) expectMonotonicReads(of(histories, label), label);
});

test('duplicated and swapped pushes: the live panes stay right', async ({ page, lab, admin }) => {
  test.setTimeout(60_000 + RUNS * 20_000);
  await scenario(page, lab, admin, { delayMs: 400, duplicatePushes: 1000, reorderPushes: 1000 });
  await runCommands(page, RUNS);
  const histories = await record(page, 'duplicated and swapped pushes', 'delay 400 ms; every push sent twice or swapped with the next', RUNS);
  for (const label of [LABELS.live, LABELS.optimisticLive]) expectMonotonicReads(of(histories, label), label);
});

test('the active worker killed mid-run: the standby takes over and every strategy settles', async ({ page, lab, admin }) => {
  test.setTimeout(60_000 + RUNS * 20_000);
  await scenario(page, lab, admin, { delayMs: 400 });
  await runCommands(page, Math.max(RUNS, 2), async () => {
    expect((await admin.post('/api/lab/kill-worker')).status()).toBe(202);
  });
  const histories = await record(page, 'worker kill', 'delay 400 ms; the active worker killed (SIGKILL) halfway', Math.max(RUNS, 2));
  expectReadYourWrites(of(histories, LABELS.ryw), LABELS.ryw);
});

test('a paused projector: waits and polls say when they stop waiting', async ({ page, lab, admin }) => {
  test.setTimeout(90_000);
  await scenario(page, lab, admin, { delayMs: 0 });
  await lab({ paused: true });
  await page.getByRole('button', { name: 'Buy in every pane' }).click();
  // Polling gives up after 10 s and says so, naming the position it stopped at; past that, a silent wait would count as endless.
  await expect(page.getByRole('region', { name: LABELS.polling, exact: true }).getByTestId('freshness').first()).toContainText(/^stale at position \d+: stopped polling after 10 s short of your write at \d+$/, { timeout: 15_000 });
  await lab({ paused: false });
  await expect(page.getByRole('region', { name: LABELS.live, exact: true }).getByTestId('consistent')).toHaveText(/consistent in \d+ ms/, { timeout: 15_000 });
  const histories = await record(page, 'paused projector', 'projector paused ~11 s, then resumed', 1);
  for (const label of [LABELS.wait, LABELS.polling]) expectNoEndlessWait(of(histories, label), label);
});

// Scenarios on the ordinary pages, where a browser session spans tabs and reloads: each
// strategy in a browser of its own, reading the book page (its record: window.__bookstoreHistory).
const PAGE_STRATEGIES: Partial<StrategySettings>[] = [...DEFAULT_PANES, { optimisticUpdates: true, liveNotifications: true }];
/** How long a page is watched after the last thing a scenario did, unless it shows the write sooner. */
const WATCH_MS = 4000;

/** The tab's record, once its app runs (after a reload it may still be hydrating). */
async function recorded(page: Page): Promise<RecordedScope> {
  await page.waitForFunction(() => typeof (window as unknown as { __bookstoreHistory?: unknown }).__bookstoreHistory === 'function');
  return page.evaluate(() => (window as unknown as { __bookstoreHistory: () => RecordedScope }).__bookstoreHistory());
}
const asSamples = (r: RecordedScope, session: string): ViewSample[] => r.samples.map((s) => ({ ...s, session, browser: 'browser' }));

async function strategyBrowser(browser: Browser, settings: Partial<StrategySettings>) {
  const context = await browser.newContext({ storageState: storageStateFor('alice') });
  await context.addInitScript(([key, s]) => window.localStorage.setItem(key, JSON.stringify(s)), [SETTINGS_STORAGE_KEY, { ...NO_STRATEGIES, ...settings }] as const);
  return context;
}

async function openBook(context: BrowserContext, bookId: string, origin = '') {
  const page = await context.newPage();
  await page.goto(`${origin}/books/${bookId}`);
  await expect(page.getByLabel('Quantity')).toBeEnabled();
  await expect.poll(async () => (await recorded(page)).samples.some((s) => s.view === `book:${bookId}`)).toBe(true);
  return page;
}

/** Watches `page` until its book view shows position >= `position`, or WATCH_MS pass: what the user then sees is the point. */
async function watchUntilShown(page: Page, bookId: string, position: number) {
  await expect
    .poll(async () => (await recorded(page)).samples.some((s) => s.view === `book:${bookId}` && s.position !== null && s.position >= position), { timeout: WATCH_MS })
    .toBe(true)
    .catch(() => undefined);
}

async function buyOnPage(page: Page): Promise<{ sentAt: number; position: number }> {
  const sentAt = Date.now();
  await page.getByRole('button', { name: 'Buy now' }).click();
  const confirmation = page.getByRole('status').filter({ hasText: 'committed at position' });
  await expect(confirmation).toBeVisible();
  return { sentAt, position: Number((await confirmation.textContent())!.match(/position (\d+)/)![1]) };
}

function pageResult(scenario: string, faults: string, panes: { strategy: string; history: History }[]): ScenarioResult {
  return { scenario, faults, commands: panes.length, panes: panes.map(({ strategy, history }) => ({ strategy, ...checkHistory(history) })) };
}

function saveResult(result: ScenarioResult) {
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, `${result.scenario.replace(/\W+/g, '-')}.json`), JSON.stringify(result, null, 2));
}

/**
 * A write in one tab, read in another tab of the same browser after a lag. With `secondOrigin`,
 * the other tab is on the second web instance: it shares the browser's cookies (its server-side
 * read-your-writes token), not its localStorage.
 */
async function twoTabs(browser: Browser, lab: (s: Lab) => Promise<void>, admin: import('@playwright/test').APIRequestContext, secondOrigin = '') {
  const panes: { strategy: string; history: History }[] = [];
  for (const settings of PAGE_STRATEGIES) {
    const book = await freshBook(admin, 1000);
    await lab({ delayMs: 1000 });
    const context = await strategyBrowser(browser, settings);
    const [a, b] = [await openBook(context, book.id), await openBook(context, book.id, secondOrigin)];
    const { sentAt, position } = await buyOnPage(a);
    const answeredAt = Date.now();
    // The user switches to the other tab and reloads it while the lag lasts.
    const bBefore = await recorded(b);
    await b.reload();
    await watchUntilShown(b, book.id, position);
    await watchUntilShown(a, book.id, position);
    const [aRec, bAfter] = [await recorded(a), await recorded(b)];
    panes.push({
      strategy: combinationLabel({ ...NO_STRATEGIES, ...settings }),
      history: {
        samples: [...asSamples(aRec, 'tab 1'), ...asSamples(bBefore, 'tab 2'), ...asSamples(bAfter, 'tab 2')],
        commands: [{ id: 'buy', session: 'tab 1', browser: 'browser', label: 'Buy on the book page', sentAt, answeredAt, ok: true, position, views: [`book:${book.id}`] }],
        reloads: [],
        endedAt: Date.now(),
      },
    });
    await context.close();
  }
  return panes;
}

test('two tabs of one browser: a write in one tab, read in the other after a lag', async ({ browser, lab, admin }) => {
  test.setTimeout(60_000 + PAGE_STRATEGIES.length * 20_000);
  const panes = await twoTabs(browser, lab, admin);
  saveResult(pageResult('two tabs', 'delay 1000 ms; bought in one tab, the other reloaded during the lag', panes));
  const history = panes.find((p) => p.strategy === LABELS.ryw)!.history;
  // Read-your-writes is the browser's: the other tab reads the write too, and never goes back.
  expectReadYourWrites(history, `${LABELS.ryw}, across tabs`);
  expectMonotonicReads(history, `${LABELS.ryw}, across tabs`);
});

test('two web instances: the other tab reads through the second instance', async ({ browser, lab, admin }) => {
  test.setTimeout(60_000 + PAGE_STRATEGIES.length * 20_000);
  const panes = await twoTabs(browser, lab, admin, `http://localhost:${E2E_PORT + 1}`);
  saveResult(pageResult('two web instances', 'delay 1000 ms; bought through instance 1, the other tab reloaded on instance 2 during the lag', panes));
  const history = panes.find((p) => p.strategy === LABELS.ryw)!.history;
  // The token lives on the server (Redis), not in one instance: it holds across them.
  expectReadYourWrites(history, `${LABELS.ryw}, across web instances`);
  expectMonotonicReads(history, `${LABELS.ryw}, across web instances`);
});

test('a reload that cuts a command off: the write is resumed and shown, not lost', async ({ browser, lab, admin }) => {
  test.setTimeout(60_000 + PAGE_STRATEGIES.length * 20_000);
  const panes: { strategy: string; history: History }[] = [];
  for (const settings of PAGE_STRATEGIES) {
    const book = await freshBook(admin, 1000);
    // The command holds the append lock long enough to be cut off by the reload.
    await lab({ delayMs: 1000, holdNextAppendMs: 1500 });
    const context = await strategyBrowser(browser, settings);
    const page = await openBook(context, book.id);
    const sentAt = Date.now();
    await page.getByRole('button', { name: 'Buy now' }).click();
    await expect.poll(async () => ((await (await admin.get('/api/lab')).json()) as Lab).holdNextAppendMs).toBe(0);
    const before = await recorded(page);
    const reloadAt = Date.now();
    await page.reload();
    // The resumed command's answer (a replay of the first one), then what the page shows. No answer within 10 s is the anomaly itself.
    const answered = () => (window as unknown as { __bookstoreHistory?: () => RecordedScope }).__bookstoreHistory?.().commands.some((c) => c.ok !== undefined) ?? false;
    await page.waitForFunction(answered, undefined, { timeout: 10_000 }).catch(() => undefined);
    const answer = (await recorded(page)).commands.find((c) => c.ok !== undefined);
    if (answer?.position) await watchUntilShown(page, book.id, answer.position);
    const after = await recorded(page);
    const strategy = combinationLabel({ ...NO_STRATEGIES, ...settings });
    panes.push({
      strategy,
      history: {
        samples: [...asSamples(before, 'tab'), ...asSamples(after, 'tab')],
        commands: [{ id: 'cut', session: 'tab', browser: 'browser', label: 'Buy cut off by a reload', sentAt, answeredAt: answer?.answeredAt, ok: answer?.ok, position: answer?.position, error: answer?.error, views: [`book:${book.id}`] }],
        reloads: [{ session: 'tab', at: reloadAt }],
        endedAt: Date.now(),
      },
    });
    await context.close();
  }
  saveResult(pageResult('reload mid-command', 'delay 1000 ms; the command held 1.5 s in its transaction, the page reloaded meanwhile', panes));
  const of_ = (label: string) => panes.find((p) => p.strategy === label)!.history;
  for (const label of [LABELS.ryw, LABELS.wait, LABELS.optimistic]) expectNoLostWrite(of_(label), label);
});
