// Strategy: version polling.
//
// Guarantee: after your write, a view that is behind your token refetches
// every POLL_INTERVAL_MS until an answer is at or past it, so the screen
// catches up by itself, from the read model, within one interval of the
// projection. Cost: extra requests while syncing (one per view per interval);
// after GIVE_UP_AFTER_MS it stops and says so, naming the position it stopped
// at: from then on the view is stale until a reload (or another strategy)
// brings a newer answer.
// Pick it when: there is no push channel, and the lag is usually short.
//
// No server help: the position in every response is enough.
import type { Strategy } from './strategy';

export const POLL_INTERVAL_MS = 250;
export const GIVE_UP_AFTER_MS = 10_000;

export type PollingState = 'idle' | 'syncing' | 'gave-up';

export function pollingState(s: { token: number; tokenAt?: number; servedAt?: number; now: number }): PollingState {
  // A view with no answer yet reads at once anyway; polling starts from its first answer.
  if (s.servedAt === undefined || s.servedAt >= s.token || s.tokenAt === undefined) return 'idle';
  return s.now - s.tokenAt > GIVE_UP_AFTER_MS ? 'gave-up' : 'syncing';
}

export const versionPolling: Strategy = {
  key: 'versionPolling',
  label: 'Version polling',
  guarantee: 'After a write, views refetch every 250 ms until they include it.',
  cost: `Extra requests while syncing; gives up (and says so) after ${GIVE_UP_AFTER_MS / 1000} s.`,
  pickWhen: 'There is no push channel and the lag is usually short.',
  refreshesItself: true,
  read(s) {
    const state = pollingState({ token: s.token, tokenAt: s.tokenAt, servedAt: s.served?.position, now: s.now });
    if (state === 'syncing') {
      // Until the first poll answers, there is no attempt to count yet.
      const attempt = s.attemptsBehind > 0 ? `attempt ${s.attemptsBehind}, ` : '';
      const text = `Syncing... (${attempt}read model at ${s.served?.position} of ${s.token})`;
      return { pollMs: POLL_INTERVAL_MS, recheckAt: (s.tokenAt ?? s.now) + GIVE_UP_AFTER_MS + 1, note: { kind: 'pending', rank: 30, text } };
    }
    if (state === 'gave-up') {
      const text = `stale at position ${s.served?.position}: stopped polling after ${GIVE_UP_AFTER_MS / 1000} s short of your write at ${s.token}`;
      return { note: { kind: 'stale', rank: 55, text } };
    }
    return {};
  },
};
