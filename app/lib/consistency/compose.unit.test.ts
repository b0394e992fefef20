// Each strategy's decisions for one read, alone and combined, as compose.ts
// applies them. Pure: no server, no React.
import { describe, expect, it } from 'vitest';
import type { ProjectionAdvanced, ProjectionStamp } from '@/server/contracts/api';
import { combinationLabel, composeRead, readsWaitForCommandInFlight, refreshesItself } from './compose';
import { NO_STRATEGIES, parseStoredSettings, DEFAULT_SETTINGS, type StrategySettings } from './settings';
import { liveNotifications } from './strategies/live-notifications';
import type { Overlay } from './strategies/optimistic-updates';
import { situationOf, type ReadSituation } from './strategies/strategy';
import { GIVE_UP_AFTER_MS, POLL_INTERVAL_MS } from './strategies/version-polling';

const at = (position: number, extra: Partial<ProjectionStamp> = {}): ProjectionStamp => ({ position, source: 'read-model', ...extra });

function situation(on: Partial<StrategySettings>, s: Partial<ReadSituation> = {}): ReadSituation {
  return situationOf({ ...NO_STRATEGIES, ...on }, { now: 1000, ...s });
}

describe('no strategy (eventual)', () => {
  it('reads whatever the read model has and never refetches by itself', () => {
    const r = composeRead(situation({}, { token: 50, tokenAt: 900, served: at(40), readModelAt: 60 }));
    expect(r).toEqual({ params: {}, pollMs: false, refetch: false, note: undefined, recheckAt: undefined });
    expect(refreshesItself(NO_STRATEGIES)).toBe(false);
    expect(combinationLabel(NO_STRATEGIES)).toBe('None (eventual)');
  });
});

describe('read-your-writes', () => {
  it('asks the server to compare with the session token, and says when the primary answered', () => {
    const r = composeRead(situation({ readYourWrites: true }, { token: 50, served: at(50, { source: 'primary' }) }));
    expect(r.params).toEqual({ consistency: 'read-your-writes' });
    expect(r.note).toMatchObject({ kind: 'primary', text: 'served from primary at position 50 (the read model was behind your writes)' });
  });
});

describe('wait for projection', () => {
  it('waits for the token once there is one', () => {
    expect(composeRead(situation({ waitForProjection: true })).params).toEqual({});
    expect(composeRead(situation({ waitForProjection: true }, { token: 7 })).params).toEqual({ consistency: 'wait', minPosition: '7', timeoutMs: '3000' });
  });

  it('says what a held read is waiting for, and for how long', () => {
    const r = composeRead(situation({ waitForProjection: true }, { token: 7, fetching: true, fetchingSince: 400, readModelAt: 5, now: 1000 }));
    expect(r.note).toMatchObject({ kind: 'pending', text: 'Waiting for the read model to reach position 7 (now at 5), held by the server for 600 ms' });
    expect(r.recheckAt).toBe(1100);
  });

  it('after a timeout stops waiting for that token and names the policy', () => {
    const timedOut = { token: 7, waitTimedOutFor: 7, served: at(5, { stale: true }) };
    const alone = composeRead(situation({ waitForProjection: true }, timedOut));
    expect(alone.params).toEqual({});
    expect(alone.note).toMatchObject({ kind: 'stale', text: 'stale (timed out) at position 5: waited 3 s for 7' });
    const withOptimistic = composeRead(situation({ waitForProjection: true, optimisticUpdates: true }, timedOut));
    expect(withOptimistic.note?.text).toContain('pending value kept');
  });
});

describe('read-your-writes + wait', () => {
  it('waits first; once the wait timed out, asks again at once and the server goes to the primary', () => {
    const both = { readYourWrites: true, waitForProjection: true };
    expect(composeRead(situation(both, { token: 9, served: at(5) })).params.consistency).toBe('wait');
    const after = composeRead(situation(both, { token: 9, waitTimedOutFor: 9, served: at(5, { stale: true }) }));
    expect(after.params).toEqual({ consistency: 'read-your-writes' });
    expect(after.refetch).toBe(true);
    expect(after.note?.text).toContain('asking the primary');
  });
});

describe('version polling', () => {
  it('polls while the view is behind the token, then gives up and says so', () => {
    const behind = { token: 9, tokenAt: 1000, served: at(5) };
    // Right after the ack no poll has answered yet: no attempt is claimed.
    expect(composeRead(situation({ versionPolling: true }, { ...behind, now: 1001 })).note?.text).toBe('Syncing... (read model at 5 of 9)');
    const syncing = composeRead(situation({ versionPolling: true }, { ...behind, now: 1500, attemptsBehind: 3 }));
    expect(syncing).toMatchObject({ pollMs: POLL_INTERVAL_MS, note: { text: 'Syncing... (attempt 3, read model at 5 of 9)' }, recheckAt: 1000 + GIVE_UP_AFTER_MS + 1 });
    const late = composeRead(situation({ versionPolling: true }, { ...behind, now: 1000 + GIVE_UP_AFTER_MS + 5 }));
    expect(late.pollMs).toBe(false);
    expect(late.note).toMatchObject({ kind: 'stale', text: 'stale at position 5: stopped polling after 10 s short of your write at 9' });
    expect(composeRead(situation({ versionPolling: true }, { ...behind, served: at(9) })).pollMs).toBe(false);
  });
});

describe('optimistic updates', () => {
  const overlays: Overlay[] = [{ id: 'o', changes: [], token: 12 }];

  it('confirms a committed overlay with a read held for its position, one at a time', () => {
    const r = composeRead(situation({ optimisticUpdates: true }, { token: 12, served: at(10), overlays }));
    expect(r.params).toEqual({ consistency: 'wait', minPosition: '12', timeoutMs: '3000' });
    expect(r.refetch).toBe(true);
    expect(composeRead(situation({ optimisticUpdates: true }, { token: 12, served: at(10), overlays, fetching: true })).refetch).toBe(false);
  });

  it('lets a view with nothing yet read at once, so the overlay has something to lie over', () => {
    expect(composeRead(situation({ optimisticUpdates: true }, { token: 12, overlays })).params).toEqual({});
  });

  it('needs nothing once the view is served at the overlay position', () => {
    expect(composeRead(situation({ optimisticUpdates: true }, { token: 12, served: at(12), overlays })).params).toEqual({});
  });
});

describe('a command in flight', () => {
  it('makes the views it affects read held for it where wait or optimistic sends the read; not where read-your-writes does, or nobody holds reads', () => {
    const inFlight = { commandInFlight: 'k-1', served: at(10) };
    const heldForIt = { consistency: 'wait', afterCommand: 'k-1', timeoutMs: '3000' };
    expect(composeRead(situation({ waitForProjection: true }, inFlight)).params).toEqual(heldForIt);
    expect(composeRead(situation({ optimisticUpdates: true }, inFlight)).params).toEqual(heldForIt);
    expect(composeRead(situation({ waitForProjection: true, readYourWrites: true }, inFlight)).params).toEqual(heldForIt);
    expect(composeRead(situation({ readYourWrites: true, optimisticUpdates: true }, inFlight)).params).toEqual({ consistency: 'read-your-writes' });
    expect(composeRead(situation({ versionPolling: true }, inFlight)).params).toEqual({});

    const on = (s: Partial<StrategySettings>) => readsWaitForCommandInFlight({ ...NO_STRATEGIES, ...s });
    expect([on({ waitForProjection: true }), on({ optimisticUpdates: true, liveNotifications: true }), on({ waitForProjection: true, readYourWrites: true })]).toEqual([true, true, true]);
    expect([on({}), on({ readYourWrites: true, optimisticUpdates: true }), on({ versionPolling: true }), on({ liveNotifications: true, staleWhileRevalidate: true })]).toEqual([false, false, false, false]);
  });
});

describe('stale-while-revalidate', () => {
  it('refetches in the background when the read model is known to be past the view, marked refreshing', () => {
    expect(composeRead(situation({ staleWhileRevalidate: true }, { served: at(10), readModelAt: 10 })).refetch).toBe(false);
    const newer = composeRead(situation({ staleWhileRevalidate: true }, { served: at(10), readModelAt: 14 }));
    expect(newer).toMatchObject({ refetch: true, note: { text: 'newer data at 14, refreshing' } });
    expect(composeRead(situation({ staleWhileRevalidate: true }, { served: at(10), readModelAt: 14, fetching: true })).note?.text).toBe('refreshing (showing 10)');
  });
});

describe('live notifications', () => {
  const message: ProjectionAdvanced = { from: 4, position: 5, changed: ['book:b1'] };
  it('refetches exactly the changed views, and everything after a gap', () => {
    const calls: string[] = [];
    const target = { invalidateTags: (tags: string[]) => calls.push(`tags ${tags.join(',')}`), invalidateAll: () => calls.push('all') };
    liveNotifications.onAnnouncement!(message, target, false);
    liveNotifications.onAnnouncement!(message, target, true);
    liveNotifications.onAnnouncement!(null, target, true);
    expect(calls).toEqual(['tags book:b1', 'all', 'all']);
  });
});

describe('settings', () => {
  it('keeps only known booleans from storage', () => {
    expect(parseStoredSettings('{"readYourWrites":true,"liveNotifications":"yes","evil":1}')).toEqual({ ...DEFAULT_SETTINGS, readYourWrites: true });
    expect(parseStoredSettings('not json')).toEqual(DEFAULT_SETTINGS);
  });
});

describe('optimistic updates on a command', () => {
  it('lays the change over at once, confirms it at the position, or rolls it back with the reason', async () => {
    const { OptimisticOverlays, optimisticUpdates } = await import('./strategies/optimistic-updates');
    const overlays = new OptimisticOverlays();
    const change = { kind: 'stock' as const, bookId: 'b', delta: -1 };
    const ok = optimisticUpdates.onCommand!({ id: 'c1', label: 'Buy', changes: [change], overlays })!;
    expect(overlays.overlays.get()).toMatchObject([{ changes: [change] }]);
    ok.committed(42);
    expect(overlays.overlays.get()[0]!.token).toBe(42);
    const refused = optimisticUpdates.onCommand!({ id: 'c2', label: 'Buy', changes: [change], overlays })!;
    refused.refused('Out of stock.');
    expect(overlays.overlays.get()).toHaveLength(1);
    expect(overlays.rollbacks.get()[0]!.message).toBe('Buy was rolled back: Out of stock.');
    expect(optimisticUpdates.onCommand!({ id: 'c3', label: 'Add', overlays })).toBeUndefined();
    // A command resumed after a reload finds its overlay instead of laying a second one.
    optimisticUpdates.onCommand!({ id: 'c1', label: 'Buy', changes: [change], overlays });
    expect(overlays.overlays.get().filter((o) => o.id === 'c1')).toHaveLength(1);
  });
});
