// "Export results": every pane's samples as JSON, the shape `npm run bench`
// reads back (bench/scenarios/strategies-in-browser.ts).
import type { LabSettingsView } from '@/server/contracts/api';
import type { StrategySettings } from '@/app/lib/consistency/settings';
import type { History } from './anomalies';
import type { LabCommandRecord, LabPane } from './lab-runner';
import { paneHistory } from './pane-history';

export interface ExportedSample {
  command: string;
  ok: boolean;
  ackMs: number;
  shownMs: number | null;
  consistentMs: number | null;
  wrongMs: number;
  requests: number;
  socketMessages: number;
  heldMs: number;
  primaryReads: number;
  reloads: number;
}

export interface LabExport {
  runAt: string;
  /** The lab settings at export time (what this user may read of them). */
  lab: Partial<LabSettingsView>;
  /** `history`: what the pane showed and each command, for the anomaly checker (anomalies.ts). */
  panes: { strategy: string; settings: StrategySettings; samples: ExportedSample[]; history: History }[];
}

export function buildExport(panes: readonly LabPane[], records: readonly LabCommandRecord[], lab: Partial<LabSettingsView>): LabExport {
  return {
    runAt: new Date().toISOString(),
    lab,
    panes: panes.map((pane) => ({
      strategy: pane.label,
      settings: pane.settings,
      samples: records.flatMap((r) => {
        const s = r.samples[pane.id];
        if (!s) return [];
        const { shownMs, consistentMs, wrongMs, requests, socketMessages, heldMs, primaryReads, reloads } = s;
        return [{ command: r.label, ok: r.ok, ackMs: r.ackMs, shownMs, consistentMs, wrongMs, requests, socketMessages, heldMs, primaryReads, reloads }];
      }),
      history: paneHistory(pane, records),
    })),
  };
}

export function downloadJson(data: unknown, filename: string): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
