// Strategy: version polling (client side).
//
// After a command, every view behind the token refetches every 250 ms until
// its `projection.position >= token`, showing "Syncing...". After 10 s it
// stops and says it is still syncing. No server help needed: the position in
// every response is enough.
export const POLL_INTERVAL_MS = 250;
export const GIVE_UP_AFTER_MS = 10_000;

export type PollingState = 'idle' | 'syncing' | 'gave-up';

export function pollingState(opts: { enabled: boolean; token: number; committedAt?: number; servedAt?: number; now?: number }): PollingState {
  const { enabled, token, committedAt, servedAt } = opts;
  if (!enabled || servedAt === undefined || servedAt >= token || committedAt === undefined) return 'idle';
  return (opts.now ?? Date.now()) - committedAt > GIVE_UP_AFTER_MS ? 'gave-up' : 'syncing';
}

/** For react-query's refetchInterval. */
export function pollingInterval(state: PollingState): number | false {
  return state === 'syncing' ? POLL_INTERVAL_MS : false;
}
