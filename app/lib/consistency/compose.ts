// How the enabled strategies combine, written once. Every view reads through
// use-consistent-query.ts, which asks this file; the Settings panel and the
// Lab show COMBINATION_RULES as they are here.
import type { StrategySettings } from './settings';
import { liveNotifications } from './strategies/live-notifications';
import { optimisticUpdates } from './strategies/optimistic-updates';
import { readYourWrites } from './strategies/read-your-writes';
import { staleWhileRevalidate } from './strategies/stale-while-revalidate';
import { situationOf, type FreshnessNote, type ReadSituation, type Strategy } from './strategies/strategy';
import { versionPolling } from './strategies/version-polling';
import { commandAwaited, waitForProjection } from './strategies/wait-for-projection';

/**
 * The order is the composition: the server answers one read in one way, so the
 * first strategy here that asks for a read mode gets it. Wait comes before
 * read-your-writes (wait first, Postgres only if the wait times out), and both
 * before optimistic's confirming read (it is only needed when nobody else
 * reads at the token). Refetch triggers and polling add up; the badge shows the
 * highest-ranked note.
 */
export const STRATEGY_ORDER: readonly Strategy[] = [
  waitForProjection,
  readYourWrites,
  optimisticUpdates,
  versionPolling,
  liveNotifications,
  staleWhileRevalidate,
];

/** The order the Settings panel and the Lab list them in: simplest idea first. */
export const STRATEGIES_FOR_PEOPLE: readonly Strategy[] = [
  readYourWrites,
  waitForProjection,
  versionPolling,
  optimisticUpdates,
  liveNotifications,
  staleWhileRevalidate,
];

export const COMBINATION_RULES: readonly { when: string; then: string }[] = [
  { when: 'All off', then: 'Eventual consistency, raw: each read is whatever the read model has; after your write the screen is stale until you reload.' },
  { when: 'Read-your-writes + wait', then: 'Wait first (the server holds the read up to 3 s); if the read model is still behind, the read is asked again and Postgres answers ("primary").' },
  { when: 'Wait times out', then: 'With read-your-writes: primary. Else with optimistic: the pending value stays and the confirming read is asked again. Else: the stale data, marked stale. The badge names the policy.' },
  { when: 'Optimistic + anything', then: 'The change shows at once, pending, over whatever the other strategies fetch; it is confirmed by the first answer at or past its position.' },
  { when: 'Polling + wait', then: 'Each poll is itself a held read: at most one request per view is in flight, and the first answer at the token ends both.' },
  { when: 'Live + stale-while-revalidate', then: 'One socket for both: live refetches the views whose data changed, stale-while-revalidate every view older than the push.' },
];

export interface ComposedRead {
  params: Record<string, string>;
  pollMs: number | false;
  refetch: boolean;
  note?: FreshnessNote;
  recheckAt?: number;
}

export function enabledStrategies(settings: StrategySettings): Strategy[] {
  return STRATEGY_ORDER.filter((s) => settings[s.key]);
}

export function composeRead(situation: ReadSituation): ComposedRead {
  let params: Record<string, string> | undefined;
  let pollMs: number | false = false;
  let refetch = false;
  let note: FreshnessNote | undefined;
  let recheckAt: number | undefined;
  for (const strategy of enabledStrategies(situation.settings)) {
    const part = strategy.read?.(situation);
    if (!part) continue;
    params ??= part.params;
    if (part.pollMs !== undefined) pollMs = pollMs === false ? part.pollMs : Math.min(pollMs, part.pollMs);
    refetch ||= part.refetch === true;
    if (part.note && (!note || part.note.rank > note.rank)) note = part.note;
    if (part.recheckAt !== undefined) recheckAt = Math.min(recheckAt ?? Infinity, part.recheckAt);
  }
  return { params: params ?? {}, pollMs, refetch, note, recheckAt };
}

/**
 * Whether, with these strategies, a view's read while a command that affects
 * it is in flight waits for that command (`afterCommand`): then its views read
 * again as the command leaves (scope.ts, commandSent). Asked of the
 * composition, not of one strategy: read-your-writes before optimistic means
 * optimistic's confirming read is not the one sent.
 */
export function readsWaitForCommandInFlight(settings: StrategySettings): boolean {
  const inFlight = 'k';
  const { params } = composeRead(situationOf(settings, { commandInFlight: inFlight, served: { position: 0, source: 'read-model' } }));
  return commandAwaited(params) === inFlight;
}

export const refreshesItself = (settings: StrategySettings) => enabledStrategies(settings).some((s) => s.refreshesItself);
export const listensToPushes = (settings: StrategySettings) => enabledStrategies(settings).some((s) => s.listens === true);

/** "None (eventual)", "Read-your-writes", or "Optimistic updates + Live notifications". */
export function combinationLabel(settings: StrategySettings): string {
  const on = STRATEGIES_FOR_PEOPLE.filter((s) => settings[s.key]);
  return on.length === 0 ? 'None (eventual)' : on.map((s) => s.label).join(' + ');
}
