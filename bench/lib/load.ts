// Load shapes. Closed loop (N workers, each sending its next request when the
// last one answered) finds the throughput a concurrency level can sustain.
// Open loop (requests start on a fixed schedule whether or not earlier ones
// finished) drives a steady rate, so queueing shows up as latency instead of
// silently lowering the rate (no coordinated omission).
import { now, sleep } from './timing';

export interface ClosedLoopResult {
  concurrency: number;
  /** Operations completed in the measured window (after warm-up). */
  completed: number;
  /** Every operation started, warm-up and tail included (for per-operation CPU). */
  totalOps: number;
  errors: number;
  /** The first failure's message, to tell a broken baseline from a slow one. */
  firstError?: string;
  elapsedMs: number;
  perSecond: number;
  latenciesMs: number[];
}

/** `op` returns false for a failed operation (counted, not timed). */
export async function closedLoop(opts: {
  concurrency: number;
  durationMs: number;
  warmupMs: number;
  op: (worker: number, iteration: number) => Promise<boolean>;
}): Promise<ClosedLoopResult> {
  const start = now();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let totalOps = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async (_, worker) => {
      for (let i = 0; now() < end; i++) {
        const t0 = now();
        totalOps++;
        let ok = false;
        try {
          ok = await opts.op(worker, i);
        } catch (error) {
          firstError ??= error instanceof Error ? error.message : String(error);
          ok = false;
        }
        const t1 = now();
        // Only operations that started and finished inside the window count.
        if (t0 < measureFrom || t1 > end) continue;
        if (ok) latencies.push(t1 - t0);
        else errors++;
      }
    }),
  );
  return {
    concurrency: opts.concurrency,
    completed: latencies.length,
    totalOps,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    elapsedMs: opts.durationMs,
    perSecond: latencies.length / (opts.durationMs / 1000),
    latenciesMs: latencies,
  };
}

export interface OpenLoopResult {
  scheduled: number;
  completed: number;
  errors: number;
  /** How late the loop started requests, worst case: a large value means the generator itself fell behind. */
  maxStartSlipMs: number;
}

/** Starts `op(i)` at start + i / rate for `durationMs`; waits for stragglers. */
export async function openLoop(opts: {
  ratePerSecond: number;
  durationMs: number;
  op: (i: number) => Promise<boolean>;
}): Promise<OpenLoopResult> {
  const interval = 1000 / opts.ratePerSecond;
  const total = Math.max(1, Math.floor((opts.durationMs / 1000) * opts.ratePerSecond));
  const start = now();
  const inFlight: Promise<void>[] = [];
  let completed = 0;
  let errors = 0;
  let maxSlip = 0;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - now();
    if (wait > 1) await sleep(wait - 0.5);
    while (now() < due) {
      // Sub-millisecond remainder: yield without a timer's 1 ms granularity.
      await new Promise<void>((r) => setImmediate(r));
    }
    maxSlip = Math.max(maxSlip, now() - due);
    inFlight.push(
      opts.op(i).then(
        (ok) => {
          if (ok) completed++;
          else errors++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { scheduled: total, completed, errors, maxStartSlipMs: maxSlip };
}
