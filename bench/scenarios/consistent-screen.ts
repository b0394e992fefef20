// Scenarios 6 and 7: time to a consistent screen, and what each strategy costs,
// measured in Chromium the way a user meets them.
//
// One sample: on a settled book page, t0 = click "Buy now"; when the command is
// acknowledged the user follows "See My orders" (a client-side navigation, so
// the browser keeps its consistency token); t1 = the order is on screen and the
// page says it is served by the read model at a position >= the order's.
// A strategy that never refreshes by itself relies on the user: if the screen
// is not consistent after RELOAD_AFTER_MS, the user reloads, and again after
// each further RELOAD_AFTER_MS. That is the honest cost of "eventual" alone
// (and of read-your-writes, which shows the order at once from Postgres but
// only a later load is served by the read model). The other strategies update
// the screen themselves, so the user just watches (up to GIVE_UP_MS).
//
// Cost per command, from the same samples: requests the page made, socket.io
// messages it received, time the server held requests open for
// `consistency=wait`, and reads the server answered from Postgres (the
// `bookstore_primary_fallbacks_total` counter of the web instance in use).
import { chromium, request, type APIRequestContext, type Page } from '@playwright/test';
import { NO_STRATEGIES, type StrategySettings } from '@/app/lib/consistency/settings';

export const RELOAD_AFTER_MS = 1000;
const GIVE_UP_MS = 15_000;

export interface StrategyCase {
  name: string;
  settings: Partial<StrategySettings>;
  /** The screen does not refresh by itself: the user reloads. */
  userReloads?: boolean;
}

export const STRATEGY_CASES: StrategyCase[] = [
  { name: 'eventual (none)', settings: {}, userReloads: true },
  { name: 'read-your-writes', settings: { readYourWrites: true }, userReloads: true },
  { name: 'wait for projection', settings: { waitForProjection: true } },
  { name: 'version polling', settings: { versionPolling: true } },
  { name: 'optimistic updates', settings: { optimisticUpdates: true } },
  { name: 'live notifications', settings: { liveNotifications: true } },
];

const NONE: StrategySettings = NO_STRATEGIES;

export interface ScreenSample {
  /** Click to the command acknowledged (the floor: no strategy can confirm sooner). */
  ackMs: number;
  /** Click to the new order on screen (pending counts), and to it confirmed by the read model. */
  shownMs: number;
  ms: number;
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
}

export interface ScreenOptions {
  baseUrl: string;
  chromiumPath: string;
  delays: number[];
  samplesPerCase: number;
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
        const samples: ScreenSample[] = [];
        // A fresh context per case: no cache, socket or token carried over from another strategy.
        const context = await browser.newContext({ baseURL: opts.baseUrl, storageState: aliceState });
        await context.addInitScript((s) => window.localStorage.setItem('bookstore.strategies', JSON.stringify(s)), { ...NONE, ...strategy.settings });
        const page = await context.newPage();
        const counters = instrument(page);
        try {
          // The first sample of the run warms the server and the browser; it is not counted.
          if (results.length === 0) await oneSample(page, counters, admin, opts.baseUrl, strategy);
          for (let i = 0; i < opts.samplesPerCase; i++) samples.push(await oneSample(page, counters, admin, opts.baseUrl, strategy));
        } finally {
          await context.close();
        }
        opts.log(`${strategy.name} at delay ${delayMs} ms: median ${median(samples.map((s) => s.ms))} ms`);
        results.push({ strategy: strategy.name, delayMs, samples });
      }
    }
  } finally {
    await setLab(admin, { delayMs: 0, paused: false, failNextCommand: false }).catch(() => undefined);
    await browser.close();
    await admin.dispose();
  }
  return results;
}

interface Counters {
  requests: number;
  socketMessages: number;
  waitHeldMs: number;
}

/** Counts what the page sends and receives from its first request on (the socket opens with the first page). */
function instrument(page: Page): Counters {
  const counters: Counters = { requests: 0, socketMessages: 0, waitHeldMs: 0 };
  page.on('request', (req) => {
    if (!req.url().includes('/_next/static/')) counters.requests++;
  });
  page.on('response', (res) => {
    if (!res.url().includes('consistency=wait')) return;
    const timing = res.request().timing();
    counters.waitHeldMs += Math.max(0, timing.responseStart - timing.requestStart);
  });
  page.on('websocket', (ws) =>
    ws.on('framereceived', (frame) => {
      // socket.io event packets start with "42"; engine.io pings and acks are not messages.
      if (String(frame.payload).startsWith('42')) counters.socketMessages++;
    }),
  );
  return counters;
}

async function oneSample(page: Page, counters: Counters, admin: APIRequestContext, baseUrl: string, strategy: StrategyCase): Promise<ScreenSample> {
  const { bookId, title } = await freshBook(admin);
  await page.goto(`/books/${bookId}`);
  await page.getByTestId('stock').waitFor();
  await page.waitForLoadState('networkidle');
  const before = { ...counters };
  const fallbacksBefore = await primaryFallbacks(admin, baseUrl);

  const t0 = performance.now();
  await page.getByRole('button', { name: 'Buy now' }).click();
  const confirmation = page.getByRole('status').filter({ hasText: 'committed at position' });
  await confirmation.waitFor();
  const ackMs = performance.now() - t0;
  const position = Number((await confirmation.textContent())!.match(/position (\d+)/)![1]);
  await confirmation.getByRole('link', { name: 'See My orders' }).click();

  let reloads = 0;
  let shownMs: number | undefined;
  let lastLoad = performance.now();
  for (;;) {
    const state = await page.evaluate(screenState, { position, title });
    if (state !== 'nothing' && shownMs === undefined) shownMs = performance.now() - t0;
    if (state === 'confirmed') break;
    if (performance.now() - t0 > GIVE_UP_MS) throw new Error(`${strategy.name}: the screen was not consistent after ${GIVE_UP_MS} ms`);
    if (strategy.userReloads && performance.now() - lastLoad > RELOAD_AFTER_MS) {
      reloads++;
      await page.reload();
      lastLoad = performance.now();
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - t0;

  const primaryReads = (await primaryFallbacks(admin, baseUrl)) - fallbacksBefore;
  return { ackMs: Math.round(ackMs), shownMs: Math.round(shownMs ?? ms), ms: Math.round(ms), reloads,
    requests: counters.requests - before.requests,
    socketMessages: counters.socketMessages - before.socketMessages,
    waitHeldMs: Math.round(counters.waitHeldMs - before.waitHeldMs),
    primaryReads,
  };
}

/**
 * Runs in the page. `shown`: the new order is on screen (pending or not);
 * `confirmed`: it is, not pending, and the view says it is served by the read
 * model at a position >= the order's.
 */
function screenState({ position, title }: { position: number; title: string }): 'nothing' | 'shown' | 'confirmed' {
  const main = document.querySelector('main');
  const card = [...(main?.querySelectorAll('li.order') ?? [])].find((li) => li.getAttribute('aria-label')?.includes(title));
  if (!card) return 'nothing';
  const match = main?.querySelector('[data-testid="freshness"]')?.textContent?.match(/^position (\d+)$/);
  return match && Number(match[1]) >= position && !card.classList.contains('is-pending') ? 'confirmed' : 'shown';
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

async function primaryFallbacks(admin: APIRequestContext, baseUrl: string): Promise<number> {
  const text = await (await admin.get(`${baseUrl}/api/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('bookstore_primary_fallbacks_total'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
