// Strategy: wait for projection.
//
// Guarantee: after your write, the next read is held by the server until the
// read model has it, so what arrives is consistent with your write and comes
// from Redis. Cost: that read takes the whole lag (the spinner is the price),
// and the server holds a request open meanwhile; after WAIT_TIMEOUT_MS it
// answers anyway, marked stale.
// Pick it when: a short lag is acceptable as a wait, and showing anything
// older would mislead more than a spinner does.
//
// Reads carry the scope's token (`consistency=wait&minPosition=N`); the server
// is woken by the projector's announcement, not by polling
// (server/consistency/wait-for-projection.ts).
//
// The read after your write leaves with the write, not after its answer: a
// view that a command in flight affects reads naming the command's
// idempotency key (`consistency=wait&afterCommand=K`), and the server holds
// that read until your command has committed and been projected
// (server/consistency/wait-for-command.ts). Such views read again as the
// command leaves (scope.ts, commandSent). When the answer comes, that read
// already waits for it and is kept; had the read left with the answer, a
// consistent screen would cost one more round trip after it. If the command is
// refused, the held read is dropped and the views read as usual.
//
// On a timeout, what the view shows depends on what else is on, and the badge
// says which policy applied: read-your-writes re-asks and Postgres answers
// ("primary"); otherwise optimistic keeps its pending value; otherwise the
// stale data is shown, marked stale. A token that timed out is not waited for
// again: the next reads are ordinary ones.
import { DEFAULT_WAIT_MS } from '@/server/contracts/api';
import type { StrategySettings } from '../settings';
import type { FreshnessNote, Strategy } from './strategy';

/** The server's own default hold, asked for explicitly: one number for both sides. */
export const WAIT_TIMEOUT_MS = DEFAULT_WAIT_MS;

export type TimeoutPolicy = 'primary' | 'optimistic value kept' | 'stale data marked stale';

export function timeoutPolicy(settings: StrategySettings): TimeoutPolicy {
  if (settings.readYourWrites) return 'primary';
  if (settings.optimisticUpdates) return 'optimistic value kept';
  return 'stale data marked stale';
}

/** What the badge says once a wait for `token` timed out with the read model at `at`: the policy that applied. */
export function timeoutNote(settings: StrategySettings, token: number, at: number): FreshnessNote {
  const waited = `waited ${WAIT_TIMEOUT_MS / 1000} s for ${token}`;
  switch (timeoutPolicy(settings)) {
    case 'primary':
      return { kind: 'stale', rank: 60, text: `timed out at position ${at} (${waited}): asking the primary` };
    case 'optimistic value kept':
      return { kind: 'pending', rank: 60, text: `timed out at position ${at} (${waited}): pending value kept` };
    case 'stale data marked stale':
      return { kind: 'stale', rank: 60, text: `stale (timed out) at position ${at}: ${waited}` };
  }
}

export function waitParams(minPosition: number): Record<string, string> {
  return { consistency: 'wait', minPosition: String(minPosition), timeoutMs: String(WAIT_TIMEOUT_MS) };
}

export function waitForCommandParams(idempotencyKey: string): Record<string, string> {
  return { consistency: 'wait', afterCommand: idempotencyKey, timeoutMs: String(WAIT_TIMEOUT_MS) };
}

/** The command a read with these parameters is held for, if any: the scope keeps such a read when that command commits. */
export function commandAwaited(params: Record<string, string>): string | undefined {
  return params.consistency === 'wait' ? params.afterCommand : undefined;
}

const heldFor = (s: { fetchingSince?: number; now: number }) => (s.fetchingSince === undefined ? 0 : Math.max(0, Math.round(s.now - s.fetchingSince)));

export const waitForProjection: Strategy = {
  key: 'waitForProjection',
  label: 'Wait for projection',
  guarantee: 'The server holds each read after your write until the read model has it.',
  cost: 'Every read after a write waits out the lag (up to 3 s, then the policy below applies).',
  pickWhen: 'The lag is short and a spinner is better than a stale screen.',
  refreshesItself: true,
  read(s) {
    if (s.commandInFlight !== undefined) {
      const params = waitForCommandParams(s.commandInFlight);
      if (!s.fetching) return { params };
      const now = Math.max(s.readModelAt, s.served?.position ?? 0);
      const text = `Waiting for your command to reach the read model (now at ${now || 'unknown'}), held by the server for ${heldFor(s)} ms`;
      return { params, recheckAt: s.now + 100, note: { kind: 'pending', rank: 50, text } };
    }
    const behind = s.served !== undefined && s.served.position < s.token;
    const timedOut = s.token > 0 && s.waitTimedOutFor >= s.token;
    if (timedOut && behind && s.served) return { note: timeoutNote(s.settings, s.token, s.served.position) };
    if (s.token === 0 || timedOut) return {};
    const waiting = s.fetching && (behind || !s.served);
    if (!waiting) return { params: waitParams(s.token) };
    // Say what the wait is: a held read, not a slow network. Re-rendered every 100 ms to count the hold.
    const held = heldFor(s);
    const now = Math.max(s.readModelAt, s.served?.position ?? 0);
    return {
      params: waitParams(s.token),
      recheckAt: s.now + 100,
      note: { kind: 'pending', rank: 50, text: `Waiting for the read model to reach position ${s.token} (now at ${now || 'unknown'}), held by the server for ${held} ms` },
    };
  },
};
