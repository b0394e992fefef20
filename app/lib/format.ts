import type { ProjectionStatus } from '@/server/contracts/api';

export const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

export const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Enough of an id to tell two cards apart (orders of the same book look alike otherwise). */
export const shortId = (id: string) => id.slice(0, 8);

/** Cents from a "12.34" dollar string, or null when it is not a price. */
export function parseDollars(text: string): number | null {
  if (!/^\d+(\.\d{1,2})?$/.test(text.trim())) return null;
  return Math.round(Number(text) * 100);
}

/** Which worker projects and since when: after a kill, the standby's pid and a new time show. */
export function activeWorkerText(worker: ProjectionStatus['activeWorker']): string {
  if (!worker) return 'none (no worker is projecting)';
  return `pid ${worker.pid} since ${new Date(worker.since).toLocaleTimeString()}`;
}
