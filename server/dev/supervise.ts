// `npm start` survives its own faults: a child that exits on its own (a crash,
// a kill -9) is started again, after a pause that doubles while it keeps dying
// quickly and resets once it has run a while. Only stop() ends it for good.
import type { Child } from './child-process';

export interface Supervised {
  name: string;
  /** The child running now (a new one after each restart). */
  current(): Child;
  stop(): Promise<void>;
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
  /** A child that ran this long counts as healthy: the next crash restarts after firstMs again. */
  healthyAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 250, maxMs: 8000, healthyAfterMs: 30_000 };

/** The pause before the next start, given how long the last run lasted and the pause before it. */
export function nextDelay(previousMs: number | null, ranMs: number, b: Backoff = DEFAULT_BACKOFF): number {
  if (previousMs === null || ranMs >= b.healthyAfterMs) return b.firstMs;
  return Math.min(b.maxMs, previousMs * 2);
}

export function supervise(name: string, start: () => Child, say: (m: string) => void, backoff: Backoff = DEFAULT_BACKOFF): Supervised {
  let child = start();
  let startedAt = Date.now();
  let delay: number | null = null;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = (c: Child) => {
    void c.exited.then((code) => {
      if (stopped) return;
      delay = nextDelay(delay, Date.now() - startedAt, backoff);
      const how = c.process.signalCode ? `signal ${c.process.signalCode}` : `code ${code}`;
      say(`${name} exited unexpectedly (${how}); restarting in ${delay} ms`);
      timer = setTimeout(() => {
        if (stopped) return;
        child = start();
        startedAt = Date.now();
        say(`${name} restarted (pid ${child.process.pid})`);
        watch(child);
      }, delay);
    });
  };
  watch(child);
  return {
    name,
    current: () => child,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await child.stop('SIGTERM');
    },
  };
}
