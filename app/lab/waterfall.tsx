'use client';

// One command in one pane, to scale: click, ack (committed at position P),
// projected, notified, fetched, shown, consistent. The same scale in every
// pane, so the panes compare by eye.
import type { CommandTrace } from '@/app/lib/consistency/sync-timeline';

// A pane none of whose strategies listens is never notified: its row says so instead of waiting ("…") for ever.
export function Waterfall({ trace, clickAt, shownMs, consistentMs, scaleMs, listening }: { trace: CommandTrace | undefined; clickAt: number; shownMs: number | null; consistentMs: number | null; scaleMs: number; listening: boolean }) {
  const since = (at: number | undefined) => (at === undefined ? null : Math.max(0, Math.round(at - clickAt)));
  // Each row: its label, ms since the click, and what it says while that has not happened.
  const rows: [string, number | null, string][] = [
    [trace?.position ? `ack (committed at ${trace.position})` : trace?.failedAt ? 'ack (refused)' : 'ack', since(trace?.committedAt ?? trace?.failedAt), '…'],
    ['projected', since(trace?.projectedAt), '…'],
    ['notified', since(trace?.notifiedAt), listening ? '…' : 'no push'],
    ['fetched', since(trace?.fetchedAt), '…'],
    ['shown', shownMs, '…'],
    ['consistent', consistentMs, '…'],
  ];
  const scale = Math.max(scaleMs, 1);
  return (
    <ol className="waterfall" aria-label="Waterfall">
      {rows.map(([label, ms, notYet]) => (
        <li key={label}>
          <span className="wf-label">{label}</span>
          <span className="wf-track">{ms !== null && <span className="wf-bar" style={{ width: `${Math.min(100, (ms / scale) * 100)}%` }} />}</span>
          <span className="wf-ms">{ms === null ? notYet : `${ms} ms`}</span>
        </li>
      ))}
    </ol>
  );
}
