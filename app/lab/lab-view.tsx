'use client';

// The Lab: the same command, every strategy side by side. Each pane is its own
// consistency scope (cache, token, overlays, socket); the command is sent once
// and every pane treats it as its own write, so they all compare the same one.
import { memo, startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { activeWorkerText, parseDollars } from '@/app/lib/format';
import { LabControls } from '@/app/components/lab-controls';
import { CombinationRules } from '@/app/components/settings-panel';
import { combinationLabel, STRATEGIES_FOR_PEOPLE } from '@/app/lib/consistency/compose';
import { ConsistencyScope } from '@/app/lib/consistency/scope';
import { useScope } from '@/app/lib/consistency/scope-provider';
import { GIVE_UP_AFTER_MS } from '@/app/lib/consistency/strategies/version-polling';
import { NO_STRATEGIES, type StrategyKey, type StrategySettings } from '@/app/lib/consistency/settings';
import type { History } from '@/app/lib/lab/anomalies';
import { DEFAULT_PANES } from '@/app/lib/lab/default-panes';
import { buildExport, downloadJson } from '@/app/lib/lab/export-results';
import { paneHistory } from '@/app/lib/lab/pane-history';
import { runInEveryPane, type LabCommand, type LabCommandRecord, type LabPane, type PaneSample } from '@/app/lib/lab/lab-runner';
import type { CommandTiming } from '@/app/lib/lab/measure';
import { PaneProbe } from '@/app/lib/lab/pane-probe';
import { useLabSettings } from '@/app/lib/queries/lab';
import { useProjectionStatus } from '@/app/lib/queries/projection-status';
import { keysForTag } from '@/app/lib/queries/read-models';
import type { BookView, Role } from '@/server/contracts/api';
import { BookPicker } from './book-picker';
import { ComparisonChart } from './comparison-chart';
import { EventLogStrip } from './event-log-strip';
import { FaultControls } from './fault-controls';
import { LabPaneView } from './lab-pane';
import { MatrixTable } from './matrix-table';

function makePane(on: Partial<StrategySettings>): LabPane {
  const settings = { ...NO_STRATEGIES, ...on };
  const label = combinationLabel(settings);
  return { id: crypto.randomUUID(), label, settings, scope: new ConsistencyScope({ settings, keysForTag }), probe: new PaneProbe(label) };
}

/**
 * `/lab?pane=none&pane=readYourWrites+waitForProjection` opens just these panes
 * (the bench measures one strategy at a time this way); unknown names are ignored.
 */
export function panesFromQuery(values: string[]): Partial<StrategySettings>[] | null {
  const known = new Set<string>(STRATEGIES_FOR_PEOPLE.map((s) => s.key));
  const panes = values.map((v) => Object.fromEntries(v.split(/[ +,]/).filter((k) => known.has(k)).map((k) => [k, true])) as Partial<StrategySettings>);
  return panes.length ? panes : null;
}

/** When the Lab's live figures for a command first render, after its answer. */
const LIVE_FIGURES_AFTER_MS = 150;
/** How long a run waits for a pane to become consistent, after the answer. */
const runWindowMs = (delayMs: number) => Math.min(30_000, 4000 + 2 * delayMs);

interface Current {
  timings: Record<string, CommandTiming>;
  /** Each pane's sample once it settled; the record once they all have. */
  samples: Record<string, PaneSample>;
  record?: LabCommandRecord;
}

export function LabView(props: { role: Role; demoMode: boolean; mayChangeLab: boolean; mayChangePrice: boolean; panes: string[]; bookId?: string }) {
  const { role, demoMode, mayChangeLab, mayChangePrice } = props;
  const [panes, setPanes] = useState<LabPane[]>(() => (panesFromQuery(props.panes) ?? DEFAULT_PANES).map(makePane));
  const [records, setRecords] = useState<LabCommandRecord[]>([]);
  const [current, setCurrent] = useState<Current>();
  // The command being measured, from its answer on: the live anomaly check judges it before every pane settled.
  const [answered, setAnswered] = useState<LabCommandRecord>();
  const judged = useMemo(() => (answered && !records.some((r) => r.id === answered.id) ? [...records, answered] : records), [records, answered]);
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<{ done: number; total: number } | null>(null);
  const [runs, setRuns] = useState('20');
  const [price, setPrice] = useState('');
  const [message, setMessage] = useState<{ good: boolean; text: string }>();
  const cut = useRef<AbortController | null>(null);
  const stopRun = useRef(false);
  const status = useProjectionStatus();
  const pageScope = useScope();
  const labSettings = useLabSettings(mayChangeLab);
  const delayMs = status.data?.delayMs ?? 0;

  // The book every pane shows (book-picker.tsx).
  const [book, setBook] = useState<BookView>();

  // For tests and the matrix (e2e/anomaly-matrix.spec.ts): every pane's history, as the checker reads it.
  useEffect(() => {
    const target = window as unknown as { __labHistories?: () => { strategy: string; history: History }[] };
    target.__labHistories = () => panes.map((p) => ({ strategy: p.label, history: paneHistory(p, judged) }));
    return () => void delete target.__labHistories;
  }, [panes, judged]);

  // One array per pane per set of records: the figures that take them re-render when a command settles, not on every state change.
  const samplesByPane = useMemo(() => new Map(panes.map((p) => [p.id, records.flatMap((r) => (r.samples[p.id] ? [r.samples[p.id]!] : []))])), [panes, records]);
  const samplesOf = useCallback((pane: LabPane): PaneSample[] => samplesByPane.get(pane.id) ?? [], [samplesByPane]);

  async function measureOne(command: LabCommand, opts: { autoReload: boolean; windowMs: number; onAck?: () => void }): Promise<LabCommandRecord> {
    cut.current?.abort();
    const controller = new AbortController();
    cut.current = controller;
    let timings: Record<string, CommandTiming> = {};
    setCurrent({ timings, samples: {} });
    // The Lab's own figures at the answer wait until the panes' reads are likely answered: rendered at
    // once, they take the main thread those reads need to show their answers, and slow the very thing
    // they measure (bench/FINDINGS.md). The panes' views and the probe that times them do not wait.
    const later = afterTheReads();
    let record: LabCommandRecord;
    try {
      record = await runInEveryPane(panes, command, {
        ...opts,
        cut: controller.signal,
        onAnswer: (answer) =>
          later.run(() => {
            setAnswered(answer);
            // The header is the page scope's, not a pane's: tell it the log has this command, or it names the log its last poll saw.
            if (answer.position !== undefined) pageScope.logHas(answer.position);
          }),
        onTiming: (t) => {
          timings = t;
          later.run(() => setCurrent((c) => ({ timings, samples: c?.samples ?? {} })));
          opts.onAck?.();
        },
        onSample: (paneId, sample) => startTransition(() => setCurrent((c) => c && { ...c, samples: { ...c.samples, [paneId]: sample } })),
      });
    } finally {
      // The command's final figures follow (or its error): any still waiting are superseded.
      later.cancel();
    }
    setCurrent({ timings, samples: record.samples, record });
    setRecords((list) => [...list, record]);
    // Again here: the deferred update at the answer may have been superseded (later.cancel above).
    if (record.position !== undefined) pageScope.logHas(record.position);
    setMessage(record.ok ? { good: true, text: `${record.label}: committed at position ${record.position} in ${record.ackMs} ms.` } : { good: false, text: `${record.label}: ${record.error}` });
    return record;
  }

  async function once(command: LabCommand) {
    setBusy(true);
    try {
      // A single command stays measured until each pane is consistent (or the next command starts): Reload is the user's to press.
      await measureOne(command, { autoReload: false, windowMs: 120_000, onAck: () => setBusy(false) });
    } catch (error) {
      setMessage({ good: false, text: error instanceof Error ? error.message : 'The command could not be measured.' });
    } finally {
      setBusy(false);
    }
  }

  async function runMany(total: number) {
    if (!book) return;
    setBusy(true);
    stopRun.current = false;
    setRun({ done: 0, total });
    try {
      for (let i = 0; i < total && !stopRun.current; i++) {
        await measureOne({ kind: 'buy', bookId: book.id }, { autoReload: true, windowMs: runWindowMs(delayMs) });
        setRun({ done: i + 1, total });
      }
    } catch (error) {
      setMessage({ good: false, text: error instanceof Error ? error.message : 'The run stopped.' });
    } finally {
      setBusy(false);
      setRun(null);
    }
  }

  const n = Number(runs);
  const runsValid = Number.isInteger(n) && n >= 1 && n <= 200;
  const cents = parseDollars(price);
  const scaleMs = useMemo(() => scaleFor(current, delayMs), [current, delayMs]);

  return (
    <div className="stack">
      <section className="card lab-controls" aria-label="Run a command">
        <BookPicker initial={props.bookId} paused={run !== null} onBook={setBook} />
        <div className="row">
          {role === 'customer' ? (
            <>
              <button disabled={!book || busy || run !== null} onClick={() => book && void once({ kind: 'buy', bookId: book.id })}>
                Buy in every pane
              </button>
              <label>
                Commands in a run
                <input type="number" min={1} max={200} value={runs} onChange={(e) => setRuns(e.target.value)} style={{ width: '5rem' }} />
              </label>
              <button className="secondary" disabled={!book || busy || !runsValid} onClick={() => void runMany(n)}>
                Run {runsValid ? n : ''}
              </button>
            </>
          ) : (
            <p className="meta">Only customer accounts place orders: sign in as alice@example.com to buy in every pane.</p>
          )}
          {mayChangePrice && (
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                if (book && cents !== null && cents > 0) void once({ kind: 'price', bookId: book.id, priceCents: cents });
              }}
            >
              <label>
                New price (USD)
                <input inputMode="decimal" value={price} placeholder={book ? (book.priceCents / 100 + 1).toFixed(2) : ''} onChange={(e) => setPrice(e.target.value)} style={{ width: '7rem' }} />
              </label>
              <button type="submit" className="secondary" disabled={!book || busy || cents === null || cents <= 0}>
                Change price
              </button>
            </form>
          )}
          <button className="secondary" disabled={records.length === 0} onClick={() => downloadJson(buildExport(panes, records, labSettings.data ?? { delayMs: status.data?.delayMs, paused: status.data?.paused }), `lab-results-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)}>
            Export results
          </button>
          <button className="link" disabled={records.length === 0 || run !== null} onClick={() => (setRecords([]), setCurrent(undefined), setAnswered(undefined))}>
            Clear results
          </button>
        </div>
        {run && (
          <div className="row run-progress">
            <progress max={run.total} value={run.done} aria-label="Run progress" />
            <span className="meta">
              {run.done} / {run.total} commands
            </span>
            <button className="link" onClick={() => (stopRun.current = true)}>
              Stop
            </button>
          </div>
        )}
        {message && (
          <p className={`notice ${message.good ? 'good' : 'bad'}`} role="status">
            {message.text}
          </p>
        )}
      </section>

      <div className="lab-grid">
        {panes.map((pane) => (
          <LabPaneView
            key={pane.id}
            pane={pane}
            bookId={book?.id}
            role={role}
            sent={current !== undefined}
            timing={current?.timings[pane.id]}
            sample={current?.samples[pane.id]}
            samples={samplesOf(pane)}
            records={judged}
            scaleMs={scaleMs}
            onRemove={() => setPanes((list) => list.filter((p) => p.id !== pane.id))}
          />
        ))}
        <AddPane existing={panes.map((p) => p.label)} onAdd={(settings) => setPanes((list) => [...list, makePane(settings)])} />
      </div>

      <ComparisonChart panes={panes} samplesOf={samplesOf} />

      <div className="grid-2 lab-bottom">
        <EventLogStripSection />
        <section className="card" aria-label="Lab knobs">
          <h2>Break the pipeline</h2>
          <p className="meta" data-testid="lab-active-worker">
            Active worker: <strong>{status.data ? activeWorkerText(status.data.activeWorker) : '…'}</strong>
          </p>
          {mayChangeLab ? (
            <>
              {demoMode && <p className="meta">Demo mode: everyone signed in may use these knobs (DEMO_MODE=0 makes them admin-only).</p>}
              <LabControls />
            </>
          ) : (
            <p className="meta">Only admins can change these here (demo mode is off).</p>
          )}
          <ul className="watch meta">
            <li>
              <strong>Projection delay</strong>: every pane but optimistic and read-your-writes waits this long; watch the event log fall behind.
            </li>
            <li>
              <strong>Pause projector</strong>: wait times out (badge says which policy applied), polling gives up after {GIVE_UP_AFTER_MS / 1000} s, optimistic stays pending.
            </li>
            <li>
              <strong>Fail next command</strong>: the optimistic pane shows the order, then rolls it back with the reason; its “wrong” is how long the guess showed.
            </li>
          </ul>
        </section>
      </div>
      {mayChangeLab && <FaultControls status={status.data} />}
      <StaticSections />
    </div>
  );
}

// The Lab re-renders at every milestone of a measured command; these do not depend on it.
const EventLogStripSection = memo(EventLogStrip);
const StaticSections = memo(function StaticSections() {
  return (
    <>
      <MatrixTable />
      <section className="card">
        <CombinationRules />
      </section>
    </>
  );
});

function AddPane({ existing, onAdd }: { existing: string[]; onAdd: (settings: StrategySettings) => void }) {
  const [settings, setSettings] = useState<StrategySettings>(NO_STRATEGIES);
  const label = combinationLabel(settings);
  const duplicate = existing.includes(label);
  return (
    <section className="card pane add-pane" aria-label="Add pane">
      <h3>Add a combination</h3>
      <ul className="strategies">
        {STRATEGIES_FOR_PEOPLE.map((s) => (
          <li key={s.key}>
            <label className="checkbox">
              <input type="checkbox" checked={settings[s.key]} onChange={(e) => setSettings((prev) => ({ ...prev, [s.key as StrategyKey]: e.target.checked }))} />
              {s.label}
            </label>
          </li>
        ))}
      </ul>
      <button className="secondary" disabled={duplicate} onClick={() => (onAdd(settings), setSettings(NO_STRATEGIES))}>
        Add pane
      </button>
      {duplicate && <p className="meta">“{label}” is already on the page.</p>}
    </section>
  );
}

/**
 * Work for after the panes' first reads are answered. Idle time is no signal
 * for that: the main thread is idle exactly while those reads are in flight,
 * and a render started then holds their answers back. At delay 0 a pane has
 * usually settled before this fires, and the queue is cancelled (its figures
 * come final); under a lag the live figures start this late, then tick.
 * cancel() drops what has not run yet.
 */
function afterTheReads() {
  const handles = new Set<number>();
  return {
    run(fn: () => void) {
      const handle = window.setTimeout(() => (handles.delete(handle), fn()), LIVE_FIGURES_AFTER_MS);
      handles.add(handle);
    },
    cancel() {
      for (const h of handles) window.clearTimeout(h);
      handles.clear();
    },
  };
}

/** One time scale for every pane's waterfall: the slowest thing measured in the current command, or the lag. */
function scaleFor(current: Current | undefined, delayMs: number): number {
  const samples = Object.values(current?.samples ?? {});
  const slowest = Math.max(0, ...samples.flatMap((s) => [s.consistentMs ?? 0, s.shownMs ?? 0]));
  return Math.max(slowest, delayMs + 500, 1000);
}
