// Scenario 9: pages as a visitor meets them. The first view is rendered on
// the server with its data and position (app/lib/queries/prefetch.tsx), so
// the first paint can already be the consistent one. Per page (catalog, a
// book, My orders) a fresh browser context loads it several times and reads,
// from Chromium's own performance API: time to first byte (the baseline:
// nothing can paint before it), first contentful paint, and the first
// consistent view: the later of the first paint and the moment a view's badge
// first says "position N" (an answer that claims to be current; "pending",
// "loading" or "behind" do not count).
import { chromium, request, type Browser, type BrowserContextOptions } from '@playwright/test';
import { ensureChromium } from '@/server/dev/ensure-chromium';
import { pick, type BenchContext } from '../lib/context';
import { compared, type Row, type ScenarioResult } from '../lib/report';
import { median } from './consistent-screen';

const ID = '9 pages';

interface PaintSample {
  ttfbMs: number;
  fcpMs: number;
  consistentMs: number;
}

async function loadOnce(browser: Browser, baseUrl: string, storageState: BrowserContextOptions['storageState'], path: string): Promise<PaintSample> {
  const context = await browser.newContext({ baseURL: baseUrl, storageState });
  try {
    const page = await context.newPage();
    // Notes when a badge first says the view is current ("position N"), from the first parsed byte on:
    // a first view rendered on the server has it in the HTML, so it counts from its paint.
    await page.addInitScript(() => {
      const w = window as unknown as { __firstCurrentAt?: number };
      new MutationObserver((_, observer) => {
        if ([...document.querySelectorAll('main [data-testid="freshness"]')].some((el) => /^position \d+$/.test(el.textContent ?? ''))) {
          w.__firstCurrentAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(path);
    // No named functions inside the page scripts: tsx would wrap them in a helper the page lacks.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0 && (window as unknown as { __firstCurrentAt?: number }).__firstCurrentAt !== undefined, undefined, { timeout: 10_000 });
    const seen = await page.evaluate(() => ({
      ttfbMs: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart,
      fcpMs: performance.getEntriesByName('first-contentful-paint')[0]!.startTime,
      currentAt: (window as unknown as { __firstCurrentAt: number }).__firstCurrentAt,
    }));
    // Nothing is seen before it is painted.
    return { ttfbMs: seen.ttfbMs, fcpMs: seen.fcpMs, consistentMs: Math.max(seen.fcpMs, seen.currentAt) };
  } finally {
    await context.close();
  }
}

export async function pagePaint(ctx: BenchContext): Promise<ScenarioResult> {
  const loads = ctx.quick ? 3 : 9;
  const baseUrl = ctx.stack.baseUrl;
  const alice = await request.newContext({ baseURL: baseUrl });
  const signIn = await alice.post('/api/session', { data: { email: 'alice@example.com', password: 'bookstore' } });
  if (!signIn.ok()) throw new Error(`sign-in as alice failed: ${signIn.status()}`);
  const storageState = await alice.storageState();
  await alice.dispose();
  const browser = await chromium.launch({ executablePath: ensureChromium(ctx.log), args: ['--no-sandbox', '--disable-gpu'] });
  const pages = [
    { name: 'catalog', path: () => '/' },
    { name: 'book', path: () => `/books/${pick(ctx.bookIds)}` },
    { name: 'my orders', path: () => '/orders' },
  ];
  const rows: Row[] = [];
  const details: Record<string, unknown> = { loads };
  try {
    for (const p of pages) {
      await loadOnce(browser, baseUrl, storageState, p.path()); // warm the route
      const samples: PaintSample[] = [];
      for (let i = 0; i < loads; i++) samples.push(await loadOnce(browser, baseUrl, storageState, p.path()));
      const m = (f: (s: PaintSample) => number) => Math.round(median(samples.map(f)) * 10) / 10;
      ctx.log(`  ${p.name}: TTFB ${m((s) => s.ttfbMs)} ms, FCP ${m((s) => s.fcpMs)} ms, first consistent view ${m((s) => s.consistentMs)} ms`);
      rows.push(compared(ID, `${p.name}: first contentful paint (base: TTFB)`, 'ms', m((s) => s.fcpMs), m((s) => s.ttfbMs)));
      rows.push(compared(ID, `${p.name}: first consistent view (base: TTFB)`, 'ms', m((s) => s.consistentMs), m((s) => s.ttfbMs)));
      details[p.name] = samples;
    }
  } finally {
    await browser.close();
  }
  return { id: ID, title: 'Pages: first contentful paint and first consistent view (Chromium performance API)', rows, details };
}
