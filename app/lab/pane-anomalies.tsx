'use client';

// The anomaly checker run live over one pane's history: what a user of this
// strategy could have seen go wrong so far, and when.
import { useEffect, useMemo, useState } from 'react';
import { ANOMALIES, checkHistory, describeAnomalies } from '@/app/lib/lab/anomalies';
import type { LabCommandRecord, LabPane } from '@/app/lib/lab/lab-runner';
import { paneHistory } from '@/app/lib/lab/pane-history';

/** The checker reads the whole history; twice a second is live enough. */
const RECHECK_MS = 500;

export function PaneAnomalies({ pane, records }: { pane: LabPane; records: readonly LabCommandRecord[] }) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = pane.probe.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setTick((n) => n + 1);
      }, RECHECK_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [pane]);
  // `tick` stands for the probe's samples, which change in place.
  const result = useMemo(() => (tick >= 0 ? checkHistory(paneHistory(pane, records)) : null), [pane, records, tick]);
  if (!result || records.length === 0) return null;
  const lines = ANOMALIES.map((a) => describeAnomalies(result.anomalies, a.kind)).filter(Boolean);
  return (
    <div className="pane-anomalies" data-testid="anomalies" aria-label="Anomalies">
      {lines.length === 0 ? (
        <p className="meta">No anomaly seen in {records.length} command{records.length === 1 ? '' : 's'}.</p>
      ) : (
        <ul className="bad-text">
          {lines.map((line) => (
            <li key={line}>{line[0]!.toUpperCase() + line.slice(1)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
