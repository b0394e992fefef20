// The anomaly checker: given a recorded history (every value a view showed,
// with its time, position and source, and every command with its answer), it
// names each anomaly a user could have seen and where. Pure, in the spirit of
// Jepsen's Elle: it judges what was observed, not how the code meant to behave.
//
// A sample holds the screen until the same view's next sample, so "the view
// showed X" is a span, not a point. A view is *settled* when its badge
// presents the data as an answer (fresh, or from primary); pending guesses and
// views that say they wait, sync or gave up are marked, and a marked view is
// not claiming anything.
import type { ReadSource } from '@/server/contracts/api';

export interface ViewSample {
  /** Milliseconds since the epoch (what the report prints). */
  at: number;
  /** One tab, or one Lab pane: a consistency scope. */
  session: string;
  /** Tabs of one browser share a session token: checked together too. */
  browser?: string;
  /** The view and its parameters, e.g. `book:<id>` or `orders`. */
  view: string;
  /** What it shows, canonically (`stock 7, $12.00`). */
  value: string;
  /** A list's members in order (order ids), for duplicates. */
  items?: string[];
  /** The stamp of the data under the view; null before the first answer. */
  position: number | null;
  source: ReadSource | null;
  /**
   * What the badge claims: an answer (`fresh`, `primary`), a guess
   * (`pending`), a wait in progress (`waiting`: waiting, syncing, loading), or
   * that a wait gave up (`stale`). Only the first two present data as current.
   */
  badge: BadgeClaim;
}

export type BadgeClaim = 'fresh' | 'primary' | 'pending' | 'waiting' | 'stale';

export interface CommandEntry {
  id: string;
  session: string;
  /** The browser it was sent from: its other tabs must read it too (read-your-writes is per browser). */
  browser?: string;
  label: string;
  sentAt: number;
  /** When the answer arrived (absent: it never did in this history). */
  answeredAt?: number;
  ok?: boolean;
  /** The log position of its last event (ok only). */
  position?: number;
  error?: string;
  /** The views (as in ViewSample.view) this command changes. */
  views: string[];
  /** A failure's reason was on screen. */
  explained?: boolean;
  /** What the user saw when deciding, and what the server acted on (e.g. the price charged). */
  saw?: string;
  actedOn?: string;
}

export interface History {
  samples: ViewSample[];
  commands: CommandEntry[];
  reloads: { session: string; at: number }[];
  /** When recording stopped: views still waiting then are judged against it. */
  endedAt: number;
}

export type AnomalyKind =
  | 'stale-read-after-own-write'
  | 'time-went-backwards'
  | 'flicker'
  | 'lost-write-on-reload'
  | 'silent-rollback'
  | 'stale-decision'
  | 'endless-wait'
  | 'duplicate';

export const ANOMALIES: { kind: AnomalyKind; name: string; means: string }[] = [
  { kind: 'stale-read-after-own-write', name: 'Stale read after own write', means: 'a quarter of a second after your command was answered, or any time later, a view presented data older than your write as current' },
  { kind: 'time-went-backwards', name: 'Time went backwards', means: 'a view (or another tab of the same browser) showed data from an earlier position than it had already shown' },
  { kind: 'flicker', name: 'Flicker', means: 'a value went new → old → new' },
  { kind: 'lost-write-on-reload', name: 'Lost write on reload', means: 'a command cut off by a reload never showed up afterwards, and was not reported as failed' },
  { kind: 'silent-rollback', name: 'Silent rollback', means: 'a failed command’s optimistic change vanished without a message' },
  { kind: 'stale-decision', name: 'Stale decision', means: 'a command succeeded acting on a value other than the one the user saw' },
  { kind: 'endless-wait', name: 'Endless wait', means: 'a view waited longer than a user would without saying it gave up' },
  { kind: 'duplicate', name: 'Duplicate', means: 'one item was listed twice' },
];

export interface Anomaly {
  kind: AnomalyKind;
  session: string;
  view?: string;
  at: number;
  /** One sentence a person can act on. */
  detail: string;
}

/** `book:598c2424-ba86-…` reads as `book:598c2424`: enough to find it, short enough to read. */
const shortIds = (text: string) => text.replace(/\b([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '$1');

export interface CheckResult {
  anomalies: Anomaly[];
  /** How many chances each anomaly had to happen (0: the history cannot say, "n/a"). */
  chances: Record<AnomalyKind, number>;
}

/**
 * After its answer, a command's views get this long to react (a read from the
 * primary, a badge that says "waiting") before what they still show as
 * current counts as a stale read.
 */
export const REACT_MS = 250;

/** A wait that says nothing for this long is endless to a user. */
export const ENDLESS_WAIT_MS = 15_000;

const settled = (s: ViewSample) => (s.badge === 'fresh' || s.badge === 'primary') && s.position !== null;
const byTime = <T extends { at: number }>(list: readonly T[]) => [...list].sort((a, b) => a.at - b.at);

function groupBy<T>(list: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function staleReads(h: History, out: Anomaly[]): number {
  let chances = 0;
  for (const c of h.commands) {
    if (!c.ok || c.position === undefined || c.answeredAt === undefined) continue;
    const judgedFrom = c.answeredAt + REACT_MS;
    const otherTabs = c.browser === undefined ? [] : [...new Set(h.samples.filter((s) => s.browser === c.browser && s.session !== c.session).map((s) => s.session))];
    for (const view of c.views) {
      const samples = byTime(h.samples.filter((s) => s.session === c.session && s.view === view));
      // In its own tab: what the view held once the strategy had had time to react, and every answer after.
      const held = samples.findLast((s) => s.at <= judgedFrom);
      const onScreen = [...(held ? [{ ...held, at: judgedFrom }] : []), ...samples.filter((s) => s.at > judgedFrom)];
      // In the browser's other tabs: every answer after the write (what they held before is not a read of it).
      for (const tab of otherTabs) onScreen.push(...h.samples.filter((s) => s.session === tab && s.view === view && s.at > c.answeredAt!));
      if (onScreen.length === 0) continue;
      chances++;
      const stale = byTime(onScreen).find((s) => settled(s) && s.position! < c.position!);
      if (stale) {
        const where = stale.session === c.session ? view : `${view} in another tab`;
        out.push({ kind: 'stale-read-after-own-write', session: stale.session, view, at: stale.at, detail: `${c.label} committed at ${c.position}; ${where} then showed position ${stale.position} (${stale.value}) as current` });
      }
    }
  }
  return chances;
}

function backwards(h: History, out: Anomaly[]): number {
  let chances = 0;
  const check = (samples: ViewSample[], scope: string) => {
    let highest: ViewSample | undefined;
    for (const s of byTime(samples)) {
      if (s.position === null) continue;
      chances++;
      if (highest && s.position < highest.position!) {
        out.push({ kind: 'time-went-backwards', session: s.session, view: s.view, at: s.at, detail: `${scope}: ${s.view} showed position ${s.position} after ${highest.position}${highest.session !== s.session ? ' (in another tab)' : ''}` });
      }
      if (!highest || s.position > highest.position!) highest = s;
    }
  };
  for (const [, samples] of groupBy(h.samples, (s) => `${s.session}\n${s.view}`)) check(samples, 'in one tab');
  // Across the tabs of a browser: only the tab-crossing steps, the per-tab ones are reported above.
  for (const [, samples] of groupBy(h.samples, (s) => (s.browser ? `${s.browser}\n${s.view}` : undefined))) {
    if (new Set(samples.map((s) => s.session)).size < 2) continue;
    let highest: ViewSample | undefined;
    for (const s of byTime(samples)) {
      if (s.position === null) continue;
      if (highest && highest.session !== s.session && s.position < highest.position!) {
        out.push({ kind: 'time-went-backwards', session: s.session, view: s.view, at: s.at, detail: `across tabs: ${s.view} showed position ${s.position} after another tab showed ${highest.position}` });
      }
      if (!highest || s.position > highest.position!) highest = s;
    }
  }
  return chances;
}

function flickers(h: History, out: Anomaly[]): number {
  let chances = 0;
  for (const [, samples] of groupBy(h.samples, (s) => `${s.session}\n${s.view}`)) {
    // Consecutive samples with the same value are one value on screen.
    const shown: ViewSample[] = [];
    for (const s of byTime(samples)) if (shown.at(-1)?.value !== s.value) shown.push(s);
    for (let k = 2; k < shown.length; k++) {
      chances++;
      const [older, middle, last] = [shown[k - 2]!, shown[k - 1]!, shown[k]!];
      if (last.value !== older.value) continue;
      // The middle value came back from before: it was shown earlier than `older`, and no later state explains it.
      const wasOld = shown.slice(0, k - 2).some((s) => s.value === middle.value);
      const notNewer = older.badge === 'pending' || (middle.position ?? 0) <= (older.position ?? 0);
      if (wasOld && notNewer) {
        out.push({ kind: 'flicker', session: last.session, view: last.view, at: middle.at, detail: `${last.view} went ${older.value} → ${middle.value} → ${last.value}` });
      }
    }
  }
  return chances;
}

function lostOnReload(h: History, out: Anomaly[]): number {
  let chances = 0;
  for (const c of h.commands) {
    const reload = h.reloads.find((r) => r.session === c.session && r.at > c.sentAt && (c.answeredAt === undefined || r.at < c.answeredAt));
    if (!reload) continue;
    chances++;
    if (c.ok === false) {
      if (!c.explained) out.push({ kind: 'lost-write-on-reload', session: c.session, at: reload.at, detail: `${c.label} failed after the reload without a message` });
      continue;
    }
    if (c.ok === undefined || c.position === undefined) {
      out.push({ kind: 'lost-write-on-reload', session: c.session, at: reload.at, detail: `${c.label} was cut off by the reload and never answered` });
      continue;
    }
    const missing = c.views.filter((view) => !h.samples.some((s) => s.session === c.session && s.view === view && s.at > reload.at && s.position !== null && s.position >= c.position!));
    if (missing.length) out.push({ kind: 'lost-write-on-reload', session: c.session, view: missing[0], at: reload.at, detail: `${c.label} (position ${c.position}) never showed in ${missing.join(', ')} after the reload` });
  }
  return chances;
}

function silentRollbacks(h: History, out: Anomaly[]): number {
  let chances = 0;
  for (const c of h.commands) {
    if (c.ok !== false || c.answeredAt === undefined) continue;
    const guessed = h.samples.some((s) => s.session === c.session && s.badge === 'pending' && c.views.includes(s.view) && s.at >= c.sentAt && s.at <= c.answeredAt! + 50);
    if (!guessed) continue;
    chances++;
    if (!c.explained) out.push({ kind: 'silent-rollback', session: c.session, at: c.answeredAt, detail: `${c.label} failed (${c.error ?? 'no reason'}); its pending change vanished without a message` });
  }
  return chances;
}

function staleDecisions(h: History, out: Anomaly[]): number {
  let chances = 0;
  for (const c of h.commands) {
    if (c.saw === undefined || c.actedOn === undefined || c.answeredAt === undefined) continue;
    chances++;
    if (c.ok && c.saw !== c.actedOn) out.push({ kind: 'stale-decision', session: c.session, at: c.answeredAt, detail: `${c.label} acted on ${c.actedOn}; the user saw ${c.saw}` });
  }
  return chances;
}

function endlessWaits(h: History, out: Anomaly[]): number {
  let chances = 0;
  for (const [, samples] of groupBy(h.samples, (s) => `${s.session}\n${s.view}`)) {
    const list = byTime(samples);
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      if (s.badge !== 'waiting' || list[i - 1]?.badge === 'waiting') continue;
      chances++;
      // The wait lasts until the view says anything else.
      const end = list.slice(i + 1).find((n) => n.badge !== 'waiting')?.at ?? h.endedAt;
      if (end - s.at > ENDLESS_WAIT_MS) out.push({ kind: 'endless-wait', session: s.session, view: s.view, at: s.at, detail: `${s.view} waited ${Math.round((end - s.at) / 1000)} s without saying it gave up` });
    }
  }
  return chances;
}

function duplicates(h: History, out: Anomaly[]): number {
  let chances = 0;
  for (const s of h.samples) {
    if (!s.items) continue;
    chances++;
    const seen = new Set<string>();
    const twice = s.items.find((id) => (seen.has(id) ? true : (seen.add(id), false)));
    if (twice) out.push({ kind: 'duplicate', session: s.session, view: s.view, at: s.at, detail: `${s.view} listed ${twice} twice` });
  }
  return chances;
}

const CHECKS: Record<AnomalyKind, (h: History, out: Anomaly[]) => number> = {
  'stale-read-after-own-write': staleReads,
  'time-went-backwards': backwards,
  flicker: flickers,
  'lost-write-on-reload': lostOnReload,
  'silent-rollback': silentRollbacks,
  'stale-decision': staleDecisions,
  'endless-wait': endlessWaits,
  duplicate: duplicates,
};

export function checkHistory(history: History): CheckResult {
  const anomalies: Anomaly[] = [];
  const chances = {} as Record<AnomalyKind, number>;
  for (const { kind } of ANOMALIES) chances[kind] = CHECKS[kind](history, anomalies);
  return { anomalies: byTime(anomalies).map((a) => ({ ...a, detail: shortIds(a.detail) })), chances };
}

/** "time went backwards once at 14:02:03.120", for the Lab and test messages. */
export function describeAnomalies(anomalies: readonly Anomaly[], kind: AnomalyKind): string {
  const these = anomalies.filter((a) => a.kind === kind);
  if (these.length === 0) return '';
  const name = ANOMALIES.find((a) => a.kind === kind)!.name.toLowerCase();
  const times = these.length === 1 ? 'once' : `${these.length} times`;
  return `${name} ${times}, first at ${clock(these[0]!.at)}: ${these[0]!.detail}`;
}

export function clock(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
