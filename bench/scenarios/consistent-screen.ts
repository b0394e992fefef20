// Scenarios 6 and 7: time to a consistent screen, and what each strategy costs,
// measured in Chromium by the Lab itself (app/lib/lab/), so the bench and the
// Lab agree by construction: the same panes, the same measuring code, the same
// export.
//
// Per strategy and delay, a fresh browser context opens `/lab?pane=<strategy>`
// alone (no neighbour competes for the browser's six connections) on a book
// with plenty of stock, presses "Run N" and reads back "Export results". A Lab
// run reloads a pane that never refreshes by itself every RELOAD_EVERY_MS after
// the answer, as a user would; that is the honest cost of "eventual" alone and
// of read-your-writes (which shows the order at once from Postgres, but only a
// later load is served by the read model). The first command of each run warms
// the page and is not counted.
import fs from 'node:fs';
import { chromium, request, type APIRequestContext, type Page } from '@playwright/test';
import type { LabExport } from '@/app/lib/lab/export-results';
import { RELOAD_EVERY_MS } from '@/app/lib/lab/measure';
import { STRATEGIES_FOR_PEOPLE } from '@/app/lib/consistency/compose';
import type { StrategyKey } from '@/app/lib/consistency/settings';

export const RELOAD_AFTER_MS = RELOAD_EVERY_MS;

export interface StrategyCase {
  name: string;
  /** The Lab's pane for it: strategy keys joined by +, or `none`. */
  pane: StrategyKey | 'none';
}

/** The Lab's own list, so a new strategy is benched without touching this file. */
export const STRATEGY_CASES: StrategyCase[] = [
  { name: 'eventual (none)', pane: 'none' },
  ...STRATEGIES_FOR_PEOPLE.map((s) => ({ name: s.label.toLowerCase(), pane: s.key })),
];

export interface ScreenSample {
  /** Click to the command acknowledged (the floor: no strategy can confirm sooner). */
  ackMs: number;
  /** Click to the new order on screen (pending counts), and to it confirmed by the read model. */
  shownMs: number;
  ms: number;
  /** Time the pane showed something the final state contradicts. */
  wrongMs: number;
  reloads: number;
  requests: number;
  socketMessages: number;
  waitHeldMs: number;
  primaryReads: number;
}

export interface ScreenResult {
  strategy: string;
  delayMs: number;
  samples: ScreenSample[];
  /** A bare `POST /api/orders` from the same page right after the run, median: the floor under the ack (issue 16). */
  barePostMs: number;
}

const BARE_POSTS = 5;

/** Orders placed by plain fetch() from the page, timed there: the same browser, connection and user as the Lab's ack. */
async function barePostMs(page: Page, bookId: string): Promise<number> {
  const times = await page.evaluate(
    async ({ bookId, n }) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const res = await fetch('/api/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lines: [{ bookId, quantity: 1 }] }) });
        await res.json();
        if (res.status !== 201) throw new Error(`bare POST /api/orders answered ${res.status}`);
        out.push(performance.now() - t);
      }
      return out;
    },
    { bookId, n: BARE_POSTS },
  );
  return Math.round(median(times) * 10) / 10;
}

export interface ScreenOptions {
  baseUrl: string;
  chromiumPath: string;
  delays: number[];
  /** Commands measured per strategy at this delay (the run's first, warming the page, comes on top). */
  samplesPerCase: (delayMs: number) => number;
  log: (m: string) => void;
}

export async function measureConsistentScreens(opts: ScreenOptions): Promise<ScreenResult[]> {
  const admin = await signedIn(opts.baseUrl, 'admin@example.com');
  const browser = await chromium.launch({ executablePath: opts.chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
  const results: ScreenResult[] = [];
  try {
    const aliceState = await (await signedIn(opts.baseUrl, 'alice@example.com')).storageState();
    for (const delayMs of opts.delays) {
      await setLab(admin, { delayMs, paused: false, failNextCommand: false });
      for (const strategy of STRATEGY_CASES) {
        const { bookId } = await freshBook(admin);
        const context = await browser.newContext({ baseURL: opts.baseUrl, storageState: aliceState, acceptDownloads: true });
        const page = await context.newPage();
        try {
          await page.goto(`/lab?pane=${strategy.pane}&book=${bookId}`);
          await page.getByRole('region', { name: /./ }).getByTestId('stock').first().waitFor();
          await page.getByRole('button', { name: /^Run \d+/, disabled: false }).waitFor();
          await page.getByLabel('Commands in a run').fill(String(opts.samplesPerCase(delayMs) + 1));
          await page.getByRole('button', { name: /^Run \d+/ }).click();
          await page.getByRole('progressbar').waitFor({ state: 'detached', timeout: 15 * 60_000 });
          const download = page.waitForEvent('download');
          await page.getByRole('button', { name: 'Export results' }).click();
          const exported = JSON.parse(fs.readFileSync((await (await download).path())!, 'utf8')) as LabExport;
          const samples = exported.panes[0]!.samples.slice(1).map((s, i): ScreenSample => {
            if (!s.ok || s.consistentMs === null) throw new Error(`${strategy.name} at delay ${delayMs} ms: command ${i + 2} ${s.ok ? 'never became consistent' : 'failed'}`);
            return {
              ackMs: s.ackMs,
              shownMs: s.shownMs ?? s.consistentMs,
              ms: s.consistentMs,
              wrongMs: s.wrongMs,
              reloads: s.reloads,
              requests: s.requests,
              socketMessages: s.socketMessages,
              waitHeldMs: s.heldMs,
              primaryReads: s.primaryReads,
            };
          });
          const bare = await barePostMs(page, bookId);
          opts.log(`${strategy.name} at delay ${delayMs} ms: median ${median(samples.map((s) => s.ms))} ms (ack ${median(samples.map((s) => s.ackMs))} ms, bare POST ${bare} ms)`);
          results.push({ strategy: strategy.name, delayMs, samples, barePostMs: bare });
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await setLab(admin, { delayMs: 0, paused: false, failNextCommand: false }).catch(() => undefined);
    await browser.close();
    await admin.dispose();
  }
  return results;
}

async function signedIn(baseUrl: string, email: string): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL: baseUrl });
  const res = await context.post('/api/session', { data: { email, password: 'bookstore' } });
  if (!res.ok()) throw new Error(`sign-in as ${email} failed: ${res.status()}`);
  return context;
}

async function setLab(admin: APIRequestContext, settings: { delayMs: number; paused: boolean; failNextCommand: boolean }) {
  const res = await admin.put('/api/lab', { data: settings });
  if (!res.ok()) throw new Error(`lab update failed: ${res.status()}`);
}

async function freshBook(admin: APIRequestContext): Promise<{ bookId: string; title: string }> {
  const title = `Bench ${Math.random().toString(36).slice(2, 8)}`;
  const res = await admin.post('/api/books', { data: { title, author: 'Bench', priceCents: 999, stock: 1000 } });
  if (res.status() !== 201) throw new Error(`add book failed: ${res.status()}`);
  const { bookId, position } = (await res.json()) as { bookId: string; position: number };
  // Start from a settled page: the book is in the read model before the user arrives.
  const deadline = Date.now() + 30_000;
  while (((await (await admin.get('/api/projection')).json()) as { position: number }).position < position) {
    if (Date.now() > deadline) throw new Error('the projection did not catch up with a new book');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { bookId, title };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
