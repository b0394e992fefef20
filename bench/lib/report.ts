// What a scenario returns, how a row is judged against its target, and the
// table printed at the end of a run.
import { round } from './stats';

export interface Row {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** Human-readable target, e.g. "<= 2x baseline". */
  target?: string;
  /** Absent when the row has no target (informational). */
  pass?: boolean;
}

export interface ScenarioResult {
  id: string;
  title: string;
  rows: Row[];
  /** Everything else worth keeping: raw summaries, settings, notes. */
  details: Record<string, unknown>;
  durationMs?: number;
  error?: string;
}

/** A row compared with its baseline: ratio = value / baseline. */
export function compared(
  scenario: string,
  metric: string,
  unit: string,
  value: number,
  baseline: number,
  target?: { text: string; ok: (ratio: number, value: number) => boolean },
): Row {
  const ratio = baseline > 0 ? value / baseline : Number.NaN;
  const row: Row = { scenario, metric, value: round(value), unit, baseline: round(baseline), ratio: round(ratio) };
  if (target) {
    row.target = target.text;
    row.pass = Number.isFinite(ratio) && target.ok(ratio, value);
  }
  return row;
}

/** A row judged on its own value. */
export function absolute(scenario: string, metric: string, unit: string, value: number, target?: { text: string; ok: (value: number) => boolean }): Row {
  const row: Row = { scenario, metric, value: round(value), unit };
  if (target) {
    row.target = target.text;
    row.pass = Number.isFinite(value) && target.ok(value);
  }
  return row;
}

const fmt = (x: number | undefined, unit = '') => (x === undefined ? '' : Number.isFinite(x) ? `${x}${unit}` : 'n/a');

export function formatTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'metric', 'value', 'baseline', 'ratio', 'target', 'result'];
  const lines: string[][] = [];
  for (const result of results) {
    if (result.error) lines.push([result.id, 'FAILED TO RUN', result.error.split('\n')[0]!.slice(0, 80), '', '', '', 'error']);
    for (const r of result.rows) {
      const unit = r.unit ? ` ${r.unit}` : '';
      lines.push([
        r.scenario,
        r.metric,
        fmt(r.value, unit),
        fmt(r.baseline, r.baseline === undefined ? '' : unit),
        r.ratio === undefined ? '' : `${fmt(r.ratio)}x`,
        r.target ?? '',
        r.pass === undefined ? '' : r.pass ? 'pass' : 'MISS',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(line)].join('\n');
}
