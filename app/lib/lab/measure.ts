// How the Lab (and `npm run bench`, which drives the Lab) measures one command
// in one pane, from what the pane showed over time. Pure: a pane records
// observations as it renders; this decides.
//
// - shown: the change is on screen (a pending guess counts).
// - consistent: on screen, nothing pending, and every view of the pane that the
//   command changes served by the read model at or after its position (a price
//   change does not touch my orders: their view may stay older).
// - wrong: milliseconds the pane showed something the final state contradicts.
//   Before the answer arrives, not showing the change yet is not wrong (it has
//   not happened yet); after it, it is stale. A guess the final state
//   contradicts (an overlay that rolled back) is wrong for as long as it shows.
import type { ProjectionStamp } from '@/server/contracts/api';

/** In a run, a pane that never refreshes by itself is reloaded this often after the answer, as a user would. */
export const RELOAD_EVERY_MS = 1000;

/** What a pane shows of the facts a command changes, at one moment. */
export interface Observation {
  at: number;
  /** Order ids the pane lists (pending guesses included); absent when the pane has no orders view. */
  orderIds?: string[];
  stock?: number;
  priceCents?: number;
  /** Some shown value is an optimistic guess. */
  pending: boolean;
  /** The stamps of the pane's views that have answered. */
  stamps: { book?: ProjectionStamp; orders?: ProjectionStamp };
}

export type Expectation =
  | { kind: 'order-placed'; ok: boolean; stock: number }
  | { kind: 'price-changed'; ok: boolean; priceCents: number };

export interface CommandTiming {
  clickAt: number;
  ackAt: number;
  /** Position the command committed at (undefined: it failed). */
  position?: number;
  /** Order ids the pane listed at the click, to tell the new order from the old ones. */
  orderIdsBefore: string[];
  expect: Expectation;
}

export interface Measurement {
  shownMs: number | null;
  consistentMs: number | null;
  wrongMs: number;
}

function showsChange(o: Observation, t: CommandTiming): boolean {
  if (t.expect.kind === 'order-placed') return o.orderIds === undefined ? o.stock === t.expect.stock && t.expect.ok : o.orderIds.some((id) => !t.orderIdsBefore.includes(id));
  return o.priceCents === t.expect.priceCents;
}

/** Does what `o` shows agree with the final state? Facts a pane does not show cannot disagree. */
function agrees(o: Observation, t: CommandTiming): boolean {
  const e = t.expect;
  if (e.kind === 'order-placed') {
    const newOrder = o.orderIds === undefined ? e.ok : o.orderIds.some((id) => !t.orderIdsBefore.includes(id));
    return newOrder === e.ok && (o.stock === undefined || o.stock === e.stock);
  }
  return o.priceCents === undefined || o.priceCents === e.priceCents;
}

function isConsistent(o: Observation, t: CommandTiming): boolean {
  if (t.position === undefined || o.pending || !agrees(o, t)) return false;
  const touched = t.expect.kind === 'price-changed' ? [o.stamps.book] : [o.stamps.book, o.stamps.orders];
  const stamps = touched.filter((s): s is ProjectionStamp => s !== undefined);
  return stamps.length > 0 && stamps.every((s) => s.source === 'read-model' && !s.stale && s.position >= t.position!);
}

/** Measures one command from the observations up to `until` (the end of the sample). */
export function measure(history: readonly Observation[], t: CommandTiming, until: number): Measurement {
  const last = [...history].reverse().find((o) => o.at <= t.clickAt);
  const timeline = [...(last ? [{ ...last, at: t.clickAt }] : []), ...history.filter((o) => o.at > t.clickAt && o.at <= until)];
  let shownAt: number | undefined;
  let consistentAt: number | undefined;
  let wrongMs = 0;
  timeline.forEach((o, i) => {
    if (shownAt === undefined && t.expect.ok && showsChange(o, t)) shownAt = o.at;
    if (shownAt === undefined && !t.expect.ok && o.pending) shownAt = o.at;
    if (consistentAt === undefined && isConsistent(o, t)) consistentAt = o.at;
    const end = Math.min(consistentAt ?? Infinity, timeline[i + 1]?.at ?? until, until);
    if (!agrees(o, t)) {
      // Stale counts only after the answer; a contradicted guess counts from when it shows.
      const from = o.pending ? o.at : Math.max(o.at, t.ackAt);
      wrongMs += Math.max(0, end - from);
    }
  });
  const ms = (at: number | undefined) => (at === undefined ? null : Math.round(at - t.clickAt));
  return { shownMs: ms(shownAt), consistentMs: ms(consistentAt), wrongMs: Math.round(wrongMs) };
}

/** The p-th percentile (0..100) of the known values, nearest rank; null when there are none. */
export function percentile(values: readonly (number | null)[], p: number): number | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  return known[Math.min(known.length - 1, Math.max(0, Math.ceil((p / 100) * known.length) - 1))]!;
}

/** Counts per bucket of `width` ms from 0, for a small histogram. */
export function histogram(values: readonly (number | null)[], width: number, buckets: number): number[] {
  const counts = Array.from({ length: buckets }, () => 0);
  for (const v of values) if (v !== null) counts[Math.min(buckets - 1, Math.floor(v / width))]!++;
  return counts;
}
