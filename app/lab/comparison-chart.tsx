'use client';

// The panes side by side after a run: p50 of shown, consistent and wrong per
// pane, on one scale. A pane never consistent by itself says so instead of a bar.
import type { LabPane, PaneSample } from '@/app/lib/lab/lab-runner';
import { percentile } from '@/app/lib/lab/measure';

export function ComparisonChart({ panes, samplesOf }: { panes: LabPane[]; samplesOf: (pane: LabPane) => PaneSample[] }) {
  const rows = panes.map((pane) => {
    const samples = samplesOf(pane);
    return {
      pane,
      n: samples.length,
      shown: percentile(samples.map((s) => s.shownMs), 50),
      consistent: percentile(samples.map((s) => s.consistentMs), 50),
      wrong: percentile(samples.map((s) => s.wrongMs), 50),
      requests: samples.length ? samples.reduce((sum, s) => sum + s.requests, 0) / samples.length : 0,
    };
  });
  if (rows.every((r) => r.n === 0)) return null;
  const max = Math.max(1, ...rows.flatMap((r) => [r.shown ?? 0, r.consistent ?? 0, r.wrong ?? 0]));
  const bar = (ms: number | null, kind: string) => (
    <span className={`cmp-bar ${kind}`} style={{ width: ms === null ? 0 : `${(ms / max) * 100}%` }} />
  );
  return (
    <section className="card" aria-label="Comparison">
      <h2>Comparison (p50 per pane)</h2>
      <p className="meta">
        <span className="key shown" /> shown <span className="key consistent" /> consistent <span className="key wrong" /> wrong — scale 0 to {max} ms
      </p>
      <table className="comparison">
        <thead>
          <tr>
            <th scope="col">Pane</th>
            <th scope="col">shown / consistent / wrong (ms)</th>
            <th scope="col" className="cmp-bars-col">
              <span className="sr-only">bars</span>
            </th>
            <th scope="col">requests / command</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.pane.id}>
              <th scope="row">{r.pane.label}</th>
              <td className="cmp-figures">
                {r.shown ?? '—'} / {r.consistent ?? 'never'} / {r.wrong ?? '—'}
              </td>
              <td className="cmp-bars">
                {bar(r.shown, 'shown')}
                {bar(r.consistent, 'consistent')}
                {bar(r.wrong, 'wrong')}
              </td>
              <td>{r.requests.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
