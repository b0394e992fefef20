'use client';

// After several commands: p50/p95 of shown, consistent and wrong, and a small
// histogram of consistent.
import { memo } from 'react';
import type { PaneSample } from '@/app/lib/lab/lab-runner';
import { histogram, percentile } from '@/app/lib/lab/measure';

const BUCKET_MS = 250;
const BUCKETS = 16;

/** Memoized: its samples change when a command settles, not at each milestone the pane re-renders for. */
export const PaneStats = memo(function PaneStats({ samples }: { samples: PaneSample[] }) {
  if (samples.length < 2) return null;
  const row = (name: string, values: (number | null)[]) => {
    const p50 = percentile(values, 50);
    const p95 = percentile(values, 95);
    return (
      <tr key={name}>
        <th scope="row">{name}</th>
        <td>{p50 === null ? '—' : p50}</td>
        <td>{p95 === null ? '—' : p95}</td>
      </tr>
    );
  };
  const consistent = samples.map((s) => s.consistentMs);
  const counts = histogram(consistent, BUCKET_MS, BUCKETS);
  const max = Math.max(1, ...counts);
  return (
    <div className="pane-stats" aria-label="Statistics">
      <table>
        <caption className="meta">{samples.length} commands (ms)</caption>
        <thead>
          <tr>
            <th />
            <th scope="col">p50</th>
            <th scope="col">p95</th>
          </tr>
        </thead>
        <tbody>
          {row('shown', samples.map((s) => s.shownMs))}
          {row('consistent', consistent)}
          {row('wrong', samples.map((s) => s.wrongMs))}
        </tbody>
      </table>
      <div className="histogram" role="img" aria-label={`consistent in: ${counts.map((c, i) => `${c} at ${i * BUCKET_MS} ms`).join(', ')}`}>
        {counts.map((c, i) => (
          <span key={i} style={{ height: `${(c / max) * 100}%` }} title={`${i * BUCKET_MS}–${(i + 1) * BUCKET_MS} ms: ${c}`} />
        ))}
      </div>
      <p className="meta histogram-axis">
        <span>0</span>
        <span>{(BUCKET_MS * BUCKETS) / 1000} s+</span>
      </p>
    </div>
  );
});
