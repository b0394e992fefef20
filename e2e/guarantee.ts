// A journey's key checks, stated as the guarantee they prove. When one fails,
// its message names the guarantee and what the screen showed instead (each
// view's value, position, source and badge, from window.__bookstoreHistory()),
// so a red report reads "Guarantee broken: read-your-writes: my order is on My
// orders at once … The screen showed instead: orders: 0 orders at position 809
// from read-model", not only "timed out".
import { test, type Page } from '@playwright/test';
import type { ViewSample } from '../app/lib/lab/anomalies';

type Shown = Pick<ViewSample, 'view' | 'value' | 'position' | 'source' | 'badge'>;

const line = (s: Shown, where = '') => `${where}${s.view}: ${s.value} at position ${s.position ?? '-'} from ${s.source ?? '-'} (badge: ${s.badge})`;
const lastOfEachView = (samples: Shown[]) => [...new Map(samples.map((s) => [s.view, s])).values()];

/** What each view showed last, one line each: the page's views, and on the Lab each pane's; empty when nothing was recorded (or the page is gone). */
export async function whatTheScreenShows(page: Page): Promise<string[]> {
  if (page.isClosed()) return [];
  const recorded = await page
    .evaluate(() => {
      const w = window as unknown as { __bookstoreHistory?: () => { samples: Shown[] }; __labHistories?: () => { strategy: string; history: { samples: Shown[] } }[] };
      return { page: w.__bookstoreHistory?.().samples ?? [], panes: w.__labHistories?.().map((p) => ({ strategy: p.strategy, samples: p.history.samples })) ?? [] };
    })
    .catch(() => ({ page: [] as Shown[], panes: [] as { strategy: string; samples: Shown[] }[] }));
  return [
    ...lastOfEachView(recorded.page).map((s) => line(s)),
    ...recorded.panes.flatMap((p) => lastOfEachView(p.samples).map((s) => line(s, `pane "${p.strategy}" `))),
  ];
}

export class GuaranteeBroken extends Error {
  constructor(promise: string, screen: string[], cause: unknown) {
    const expected = cause instanceof Error ? cause.message : String(cause);
    const showed = screen.length > 0 ? screen.map((line) => `  ${line}`).join('\n') : '  (no view had recorded anything)';
    super(`Guarantee broken: ${promise}\nThe screen showed instead:\n${showed}\nThe check that failed:\n${expected}`, { cause });
    this.name = 'GuaranteeBroken';
  }
}

/**
 * Runs `check` as a step titled by the guarantee it proves (the HTML report lists
 * it so); a failure is rethrown as GuaranteeBroken with the screen's last state.
 */
export async function guarantee(page: Page, promise: string, check: () => Promise<unknown>): Promise<void> {
  await test.step(promise, async () => {
    try {
      await check();
    } catch (error) {
      throw new GuaranteeBroken(promise, await whatTheScreenShows(page), error);
    }
  }, { box: true });
}
