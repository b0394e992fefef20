// The Lab: seven strategies side by side on one command, each measured on
// screen. At a 1500 ms projection delay the figures must say what each
// strategy is: optimistic and read-your-writes show the order at once; wait,
// polling, live and stale-while-revalidate become consistent by themselves
// after the lag; "None" only after its reload. A failed command rolls back in
// the optimistic pane, which counts the time its guess showed as wrong.
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, guarantee, snap, storageStateFor, test } from './fixtures';
import type { History } from '../app/lib/lab/anomalies';
import type { LabExport } from '../app/lib/lab/export-results';
import { expectMonotonicReads, expectNoSilentRollback, expectReadYourWrites } from './matrix/history-expectations';

test.use({ storageState: storageStateFor('alice') });

const DELAY = 1500;
const PANES = ['None (eventual)', 'Read-your-writes', 'Wait for projection', 'Version polling', 'Optimistic updates', 'Live notifications', 'Stale-while-revalidate'];
const pane = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** The number in a pane's "shown in N ms" / "consistent in N ms" / "wrong N ms", once it has one. */
async function figure(page: Page, name: string, which: 'shown' | 'consistent' | 'wrong', timeout = 10_000): Promise<number> {
  const el = pane(page, name).getByTestId(which);
  const pattern = which === 'wrong' ? /wrong (\d+) ms/ : new RegExp(`${which} in (\\d+) ms`);
  await expect(el).toHaveText(pattern, { timeout });
  return Number((await el.textContent())!.match(pattern)![1]);
}

test('every strategy measured side by side on one order, a rollback, and the export', async ({ page, lab }) => {
  test.setTimeout(90_000);
  await lab({ delayMs: DELAY });
  await page.goto('/lab');
  for (const name of PANES) await expect(pane(page, name).getByTestId('stock')).toHaveText(/\d+/);

  await page.getByRole('button', { name: 'Buy in every pane' }).click();
  await guarantee(page, 'optimistic and read-your-writes show the order within 500 ms of the click', async () => {
    expect(await figure(page, 'Optimistic updates', 'shown')).toBeLessThan(500);
    expect(await figure(page, 'Read-your-writes', 'shown')).toBeLessThan(500);
  });
  await guarantee(page, `wait, polling, live and stale-while-revalidate become consistent by themselves, no sooner than the ${DELAY} ms lag and within 3.5 s`, async () => {
    for (const name of ['Wait for projection', 'Version polling', 'Live notifications', 'Stale-while-revalidate']) {
      const ms = await figure(page, name, 'consistent');
      expect(ms, name).toBeGreaterThanOrEqual(DELAY);
      expect(ms, name).toBeLessThan(3500);
    }
  });
  await guarantee(page, 'optimistic: its guess is confirmed after the lag and was never wrong (wrong 0 ms)', async () => {
    expect(await figure(page, 'Optimistic updates', 'consistent')).toBeGreaterThanOrEqual(DELAY);
    expect(await figure(page, 'Optimistic updates', 'wrong')).toBe(0);
  });
  await snap(page, 'every pane after one order at a 1500 ms lag');
  // The others are consistent; "None" is not, and says so, until the user reloads it.
  await expect(pane(page, 'None (eventual)').getByTestId('consistent')).toHaveText('not consistent yet');
  await expect(pane(page, 'None (eventual)').getByTestId('stock')).toHaveText(/\d+/);
  await page.getByRole('button', { name: 'Reload None (eventual)' }).click();
  expect(await figure(page, 'None (eventual)', 'consistent')).toBeGreaterThan(DELAY);
  expect(await figure(page, 'None (eventual)', 'wrong')).toBeGreaterThan(0);
  // Each pane shows its own cost and a waterfall from click to consistent.
  await expect(pane(page, 'Wait for projection').getByTestId('cost')).toContainText(/held [1-9]\d* ms/);
  await expect(pane(page, 'Live notifications').getByTestId('cost')).toContainText(/[1-9]\d* push/);
  // A pane that listens to nothing is never notified, and its waterfall says so rather than waiting for a push.
  await expect(pane(page, 'Wait for projection').getByLabel('Waterfall')).toContainText(/notified\s*no push/);
  await expect(pane(page, 'Live notifications').getByLabel('Waterfall')).toContainText(/notified\s*\d+ ms/);
  // Read-your-writes showed the order from the primary; like "None" it is consistent only once a reload is served by the read model.
  await page.getByRole('button', { name: 'Reload Read-your-writes' }).click();
  expect(await figure(page, 'Read-your-writes', 'consistent')).toBeGreaterThan(DELAY);
  await expect(pane(page, 'Read-your-writes').getByTestId('cost')).toContainText(/[1-9]\d* from primary/);

  // The next command fails: the optimistic pane shows it, then takes it back with the reason.
  await lab({ failNextCommand: true });
  await page.getByRole('button', { name: 'Buy in every pane' }).click();
  const optimistic = pane(page, 'Optimistic updates');
  await guarantee(page, 'optimistic: a failed command is rolled back in its pane with the reason, and the time its guess was wrong is counted', async () => {
    await expect(optimistic.getByRole('alert')).toContainText('rolled back');
    await expect(optimistic.getByRole('alert')).toContainText('Fail next command');
    expect(await figure(page, 'Optimistic updates', 'wrong')).toBeGreaterThan(0);
    await expect(optimistic.getByTestId('consistent')).toHaveText('failed: nothing to be consistent with');
    await expect(pane(page, 'Wait for projection').getByTestId('wrong')).toHaveText('wrong 0 ms');
  });
  // The checker over what the panes showed: each strategy kept the promise it makes.
  const histories = await page.evaluate(() => (window as unknown as { __labHistories: () => { strategy: string; history: History }[] }).__labHistories());
  const historyOf = (name: string) => histories.find((h) => h.strategy === name)!.history;
  expectReadYourWrites(historyOf('Read-your-writes'), 'Read-your-writes');
  expectReadYourWrites(historyOf('Wait for projection'), 'Wait for projection');
  expectNoSilentRollback(historyOf('Optimistic updates'), 'Optimistic updates');
  for (const name of PANES) expectMonotonicReads(historyOf(name), name);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export results' }).click();
  const exported = JSON.parse(fs.readFileSync(await (await download).path(), 'utf8')) as LabExport;
  expect(exported.lab.delayMs).toBe(DELAY);
  expect(exported.panes.map((p) => p.strategy)).toEqual(PANES);
  for (const p of exported.panes) {
    expect(p.samples.map((s) => s.ok)).toEqual([true, false]);
    for (const s of p.samples) expect(Object.keys(s)).toEqual(expect.arrayContaining(['shownMs', 'consistentMs', 'wrongMs', 'requests', 'socketMessages', 'heldMs', 'primaryReads']));
  }
});

test('a combination added as a pane is measured like the others', async ({ page, lab }) => {
  await lab({ delayMs: 800 });
  await page.goto('/lab?pane=none');
  await expect(page.getByRole('region', { name: /^(None|Read|Wait|Version|Optimistic|Live|Stale)/ })).toHaveCount(1);
  const add = page.getByRole('region', { name: 'Add pane' });
  await add.getByRole('checkbox', { name: 'Read-your-writes' }).check();
  await add.getByRole('checkbox', { name: 'Wait for projection' }).check();
  await add.getByRole('button', { name: 'Add pane' }).click();
  const combined = 'Read-your-writes + Wait for projection';
  await expect(pane(page, combined).getByTestId('stock')).toHaveText(/\d+/);
  await page.getByRole('button', { name: 'Buy in every pane' }).click();
  // Wait first: the combined pane answers from the read model once it has the order, not from the primary.
  expect(await figure(page, combined, 'consistent')).toBeGreaterThanOrEqual(800);
  await expect(pane(page, combined).getByTestId('cost')).toContainText('0 from primary');
});

test('during a run the book list does not read, and catches up when the run ends', async ({ page, lab }) => {
  await lab({ delayMs: 300 });
  await page.goto('/lab?pane=liveNotifications');
  await expect(pane(page, 'Live notifications').getByTestId('stock')).toHaveText(/\d+/);
  const picked = page.getByLabel('Book in every pane').locator('option:checked');
  const stockInList = async () => Number((await picked.textContent())!.match(/\((\d+) in stock/)![1]);
  const before = await stockInList();
  // When the run's progress bar comes and goes, by the page's own clock: the run is too short to poll for.
  await page.evaluate(() => {
    const span: { start?: number; end?: number } = {};
    (window as unknown as { __run: typeof span }).__run = span;
    new MutationObserver(() => {
      const bar = document.querySelector('progress');
      if (bar && span.start === undefined) span.start = performance.now();
      if (!bar && span.start !== undefined) span.end ??= performance.now();
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByLabel('Commands in a run').fill('3');
  await page.getByRole('button', { name: 'Run 3' }).click();
  await expect(page.getByText('The book list is refreshed when the run ends')).toBeVisible();
  await page.getByRole('progressbar').waitFor({ state: 'detached', timeout: 60_000 });
  await guarantee(page, "the book list kept out of the panes' way while they were timed, then showed the three copies bought", async () => {
    // The picker is the only reader of the catalog on this page.
    const duringRun = await page.evaluate(() => {
      const { start, end } = (window as unknown as { __run: { start: number; end: number } }).__run;
      return performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname === '/api/books' && e.startTime >= start && e.startTime < end)
        .map((e) => e.name);
    });
    expect(duringRun, 'catalog reads during the run').toEqual([]);
    // At most: other journeys may buy the same book meanwhile.
    await expect.poll(stockInList).toBeLessThanOrEqual(before - 3);
    await expect(page.getByText('The book list is refreshed when the run ends')).toHaveCount(0);
  });
});

test.describe('as an admin', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('a price change in every pane: shown at once where optimistic, consistent by itself where live', async ({ page, lab }) => {
    await lab({ delayMs: 1000 });
    await page.goto('/lab?pane=optimisticUpdates&pane=liveNotifications&pane=none');
    // Admins place no orders: the Lab says so instead of offering "Buy".
    await expect(page.getByText('Only customer accounts place orders')).toBeVisible();
    await expect(pane(page, 'Live notifications').getByTestId('price')).toHaveText(/\$\d+\.\d\d/);
    const before = (await pane(page, 'Live notifications').getByTestId('price').textContent())!;
    const next = (Number(before.slice(1)) + 1.11).toFixed(2);
    await page.getByLabel('New price (USD)').fill(next);
    await page.getByRole('button', { name: 'Change price' }).click();
    await guarantee(page, `optimistic: the new price $${next} shows within 500 ms`, async () => {
      await expect(pane(page, 'Optimistic updates').getByTestId('price')).toHaveText(`$${next}`, { timeout: 500 });
      expect(await figure(page, 'Optimistic updates', 'shown')).toBeLessThan(500);
    });
    await guarantee(page, `live: the new price $${next} arrives by itself after the 1000 ms lag; "None" keeps what it read (${before})`, async () => {
      expect(await figure(page, 'Live notifications', 'consistent')).toBeGreaterThanOrEqual(1000);
      await expect(pane(page, 'Live notifications').getByTestId('price')).toHaveText(`$${next}`);
      await expect(pane(page, 'None (eventual)').getByTestId('price')).toHaveText(before);
    });
  });
});

test("the header names the log at the Lab's commands as soon as a pane shows their answer, not at its next poll", async ({ page, lab }) => {
  await lab({ delayMs: DELAY });
  // By the page's own clock: when a pane first shows "ack (committed at N)", and when the header's log figure first reaches N.
  await page.addInitScript(() => {
    const seen: Record<string, { ack?: number; header?: number }> = {};
    (window as unknown as { __logSeen: typeof seen }).__logSeen = seen;
    new MutationObserver(() => {
      const log = Number(document.querySelector('[data-testid="strip-log"]')?.textContent ?? Number.NaN);
      for (const m of (document.querySelector('main')?.textContent ?? '').matchAll(/ack \(committed at (\d+)\)/g)) (seen[m[1]!] ??= {}).ack ??= performance.now();
      for (const [n, s] of Object.entries(seen)) if (s.ack !== undefined && log >= Number(n)) s.header ??= performance.now();
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await page.goto('/lab?pane=none');
  await expect(pane(page, 'None (eventual)').getByTestId('stock')).toHaveText(/\d+/);
  // The header polls each second: three commands, each behind its answer for up to a second without the Lab's word.
  await page.getByLabel('Commands in a run').fill('3');
  await page.getByRole('button', { name: 'Run 3' }).click();
  await page.getByRole('progressbar').waitFor({ state: 'detached', timeout: 60_000 });
  await guarantee(page, 'each command: the header named the log at its position within 400 ms of the pane showing the answer', async () => {
    const seen = await page.evaluate(() => (window as unknown as { __logSeen: Record<string, { ack?: number; header?: number }> }).__logSeen);
    const gaps = Object.values(seen).map((s) => (s.header ?? Number.POSITIVE_INFINITY) - s.ack!);
    expect(gaps).toHaveLength(3);
    for (const gap of gaps) expect(gap).toBeLessThan(400);
  });
});
