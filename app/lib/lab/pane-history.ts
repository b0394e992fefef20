// A Lab pane's history, as the anomaly checker reads it: what the pane's
// views showed (its probe) and every command the Lab sent, as the pane's own.
import type { History } from './anomalies';
import type { LabCommandRecord, LabPane } from './lab-runner';

export function paneHistory(pane: LabPane, records: readonly LabCommandRecord[], endedAt = Date.now()): History {
  return {
    samples: pane.probe.samples,
    commands: records.map((r) => ({
      id: r.id,
      session: pane.label,
      label: r.label,
      sentAt: r.sentAt,
      answeredAt: r.answeredAt,
      ok: r.ok,
      position: r.position,
      error: r.error,
      views: r.views,
      explained: r.explainedIn.includes(pane.label),
      saw: r.saw,
      actedOn: r.actedOn,
    })),
    reloads: [],
    endedAt,
  };
}
