// What a scope's views showed, one sample per change (value, position, source,
// what the badge claimed), for the anomaly checker (app/lib/lab/anomalies.ts).
// Every view that reads through useConsistentQuery records here, so any page
// can be judged; a test reads it with `window.__bookstoreHistory()`.
import type { ViewSample } from '@/app/lib/lab/anomalies';
import type { CommandTrace } from './sync-timeline';

/** A sample before a tab or pane name is given to it (the reader knows which scope it asked). */
export type ScopeSample = Omit<ViewSample, 'session' | 'browser'>;

const KEEP = 2000;

/** Wall-clock milliseconds for a performance.now() reading: histories print times of day. */
export const wallClock = (at: number = performance.now()) => Math.round(performance.timeOrigin + at);

export class ViewHistory {
  readonly samples: ScopeSample[] = [];
  private readonly last = new Map<string, ScopeSample>();

  record(sample: ScopeSample): void {
    const prev = this.last.get(sample.view);
    if (prev && prev.value === sample.value && prev.position === sample.position && prev.badge === sample.badge && prev.source === sample.source) return;
    this.last.set(sample.view, sample);
    this.samples.push(sample);
    if (this.samples.length > KEEP) this.samples.splice(0, this.samples.length - KEEP);
  }
}

/** A scope's record as a test reads it: what its views showed, and its commands with their answers (wall-clock ms). */
export interface RecordedScope {
  samples: ScopeSample[];
  commands: { id: string; label: string; sentAt: number; answeredAt?: number; ok?: boolean; position?: number; error?: string }[];
}

interface Recordable {
  views: ViewHistory;
  timeline: { get(): { commands: CommandTrace[] } };
}


export function recordedScope(scope: Recordable): RecordedScope {
  return {
    samples: scope.views.samples,
    commands: scope.timeline.get().commands.map((c) => ({
      id: c.id,
      label: c.label,
      sentAt: wallClock(c.submittedAt),
      answeredAt: c.committedAt !== undefined ? wallClock(c.committedAt) : c.failedAt !== undefined ? wallClock(c.failedAt) : undefined,
      ok: c.committedAt !== undefined ? true : c.failedAt !== undefined ? false : undefined,
      position: c.position,
      error: c.error,
    })),
  };
}

/** `window.__bookstoreHistory()`: the page scope's record, for Playwright (e2e/matrix/). */
export function exposeHistory(scope: Recordable): () => void {
  const target = window as unknown as { __bookstoreHistory?: () => RecordedScope };
  target.__bookstoreHistory = () => recordedScope(scope);
  return () => void delete target.__bookstoreHistory;
}
