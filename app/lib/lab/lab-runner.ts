// Runs one command that every Lab pane treats as its own write, and measures
// each pane: shown, consistent, wrong (measure.ts), what it cost (the scope's
// counters), and its waterfall (the scope's trace of the command). The final
// state the panes are judged against is what the write side says in its
// answer (writeSideAfter); the state before is a `primary` read, counted in
// no pane.
import type { BookResponse, BookView, CommandResult, PlaceOrderAnswer } from '@/server/contracts/api';
import { dollars } from '@/app/lib/format';
import { apiGet } from '@/app/lib/api-fetch';
import { refreshesItself } from '@/app/lib/consistency/compose';
import type { ConsistencyScope, ScopeCounters } from '@/app/lib/consistency/scope';
import type { StrategySettings } from '@/app/lib/consistency/settings';
import type { CommandTrace } from '@/app/lib/consistency/sync-timeline';
import { changePriceCommand, placeOrderCommand } from '@/app/lib/mutations/commands';
import { runCommand } from '@/app/lib/mutations/run-command';
import { measure, RELOAD_EVERY_MS, type CommandTiming, type Expectation, type Measurement } from './measure';
import { wallClock } from '@/app/lib/consistency/view-history';
import type { PaneProbe } from './pane-probe';

export interface LabPane {
  id: string;
  label: string;
  settings: StrategySettings;
  scope: ConsistencyScope;
  probe: PaneProbe;
}

export type LabCommand = { kind: 'buy'; bookId: string } | { kind: 'price'; bookId: string; priceCents: number };

export interface PaneSample extends Measurement, ScopeCounters {
  /** Reloads the run made for a pane that does not refresh by itself, as a user would. */
  reloads: number;
  trace?: CommandTrace;
}

export interface LabCommandRecord {
  id: string;
  label: string;
  ok: boolean;
  error?: string;
  position?: number;
  clickAt: number;
  ackMs: number;
  samples: Record<string, PaneSample>;
  /** For the anomaly checker: wall-clock send and answer, the views it changes, the price decided on and the price charged. */
  sentAt: number;
  answeredAt: number;
  views: string[];
  saw?: string;
  actedOn?: string;
  /** Panes whose scope showed a rollback notice for it. */
  explainedIn: string[];
}

export interface RunOptions {
  /** When a sample ends at the latest, counted from the answer. */
  windowMs: number;
  /** Reload panes that do not refresh by themselves every second after the answer (what a user would do in a run). */
  autoReload: boolean;
  /** Ends every sample still open (the next command starts). */
  cut?: AbortSignal;
  /** Each pane's timing as soon as the answer is in, for live figures on screen. */
  onTiming?: (timings: Record<string, CommandTiming>) => void;
  /** The command's record as soon as its answer is in, before any pane settled (no samples yet): the live anomaly check reads it. */
  onAnswer?: (record: LabCommandRecord) => void;
  /** One pane's sample, as soon as that pane settled (the others may still be measuring). */
  onSample?: (paneId: string, sample: PaneSample) => void;
}


const primaryBook = async (bookId: string) => (await apiGet<BookResponse>(`/api/books/${encodeURIComponent(bookId)}?consistency=primary`)).book;

export async function runInEveryPane(panes: readonly LabPane[], command: LabCommand, opts: RunOptions): Promise<LabCommandRecord> {
  // The command is decided from what the write side has now (price, stock, version), as a careful user would see it.
  const before = await primaryBook(command.bookId);
  const scopes = panes.map((p) => p.scope);
  const orderIdsBefore = panes.map((p) => p.probe.last()?.orderIds ?? []);
  const countersBefore = panes.map((p) => p.scope.counters.get());
  const rollbacksBefore = panes.map((p) => p.scope.optimistic.rollbacks.get().length);
  const clickAt = performance.now();
  const { result, traces, label } = await send(scopes, command, before);
  const ackAt = performance.now();
  const { after, charged } = writeSideAfter(command, result, before);
  const expect: Expectation =
    command.kind === 'buy' ? { kind: 'order-placed', ok: result.ok, stock: after.stock } : { kind: 'price-changed', ok: result.ok, priceCents: after.priceCents };
  const position = result.ok ? result.position : undefined;
  const timings = panes.map((_, i): CommandTiming => ({ clickAt, ackAt, position, orderIdsBefore: orderIdsBefore[i]!, expect }));
  opts.onTiming?.(Object.fromEntries(panes.map((p, i) => [p.id, timings[i]!])));

  const answered: LabCommandRecord = {
    id: traces[0] ?? crypto.randomUUID(),
    sentAt: wallClock(clickAt),
    answeredAt: wallClock(ackAt),
    views: command.kind === 'buy' ? [`book:${command.bookId}`, 'orders'] : [`book:${command.bookId}`],
    saw: command.kind === 'buy' ? dollars(before.priceCents) : undefined,
    actedOn: charged === undefined ? undefined : dollars(charged),
    explainedIn: panes.filter((p, i) => p.scope.optimistic.rollbacks.get().length > rollbacksBefore[i]!).map((p) => p.label),
    label,
    ok: result.ok,
    error: result.ok ? undefined : result.error.message,
    position,
    clickAt,
    ackMs: Math.round(ackAt - clickAt),
    samples: {},
  };
  opts.onAnswer?.(answered);

  const samples = await Promise.all(
    panes.map(async (pane, i): Promise<[string, PaneSample]> => {
      const timing = timings[i]!;
      const { until, reloads } = await settle(pane, timing, ackAt + opts.windowMs, opts);
      const c = pane.scope.counters.get();
      const b = countersBefore[i]!;
      const sample: PaneSample = {
        ...measure(pane.probe.history, timing, until),
        requests: c.requests - b.requests,
        socketMessages: c.socketMessages - b.socketMessages,
        heldMs: Math.round(c.heldMs - b.heldMs),
        primaryReads: c.primaryReads - b.primaryReads,
        reloads,
        trace: pane.scope.trace(traces[i]!),
      };
      opts.onSample?.(pane.id, sample);
      return [pane.id, sample];
    }),
  );
  return { ...answered, samples: Object.fromEntries(samples) };
}

/**
 * The write side's state right after the command, as the command's own answer
 * says it (at its position): the order's charge and the book's stock, or the
 * price it set. Not read again from the primary: at the moment of the answer
 * that read would compete with the panes' refetches this run is timing.
 */
function writeSideAfter(command: LabCommand, result: CommandResult<Partial<PlaceOrderAnswer>>, before: BookView): { after: BookView; charged?: number } {
  if (!result.ok) return { after: before };
  if (command.kind === 'price') return { after: { ...before, priceCents: command.priceCents } };
  // A one-copy order: its total is what it charged per copy.
  return { after: { ...before, stock: result.stockAfter?.[command.bookId] ?? before.stock }, charged: result.totalCents };
}

async function send(scopes: ConsistencyScope[], command: LabCommand, book: BookView): Promise<{ result: CommandResult<Partial<PlaceOrderAnswer>>; traces: string[]; label: string }> {
  if (command.kind === 'buy') {
    const input = { book, quantity: 1 };
    return { ...(await runCommand(scopes, placeOrderCommand, input)), label: placeOrderCommand.label(input) };
  }
  const input = { book, priceCents: command.priceCents };
  return { ...(await runCommand(scopes, changePriceCommand, input)), label: changePriceCommand.label(input) };
}

/** Waits until the pane is consistent (or, after a failure, shows the truth again with nothing pending), the deadline, or the cut. */
function settle(pane: LabPane, timing: CommandTiming, deadline: number, opts: RunOptions): Promise<{ until: number; reloads: number }> {
  return new Promise((resolve) => {
    let reloads = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const now = performance.now();
      const m = measure(pane.probe.history, timing, now);
      const done = timing.position !== undefined ? m.consistentMs !== null : !(pane.probe.last()?.pending ?? false);
      if (done || now >= deadline || opts.cut?.aborted) return finish(done ? (pane.probe.last()?.at ?? now) : now);
      // A timer may fire a little before `deadline` on performance.now()'s clock: arm it again rather than trust it.
      clearTimeout(timer);
      timer = setTimeout(check, Math.max(1, deadline - now));
    };
    const unsubscribe = pane.probe.subscribe(check);
    const reloader =
      opts.autoReload && !refreshesItself(pane.settings)
        ? setInterval(() => {
            reloads++;
            void pane.scope.reload();
          }, RELOAD_EVERY_MS)
        : undefined;
    const onCut = () => check();
    opts.cut?.addEventListener('abort', onCut);
    let finished = false;
    function finish(until: number) {
      if (finished) return;
      finished = true;
      unsubscribe();
      clearTimeout(timer);
      if (reloader) clearInterval(reloader);
      opts.cut?.removeEventListener('abort', onCut);
      resolve({ until, reloads });
    }
    check();
  });
}
