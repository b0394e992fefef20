// When a push and a command's answer both say "read again", a scope sends one
// read for them, not one each, and never keeps a read that may predate the
// position it was told of. A real QueryClient and observer; only the network
// (fetch) is stood in for, answering when the test says.
import { QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandResult, ProjectionAdvanced, ProjectionStamp } from '@/server/contracts/api';
import { bookQuery } from '@/app/lib/queries/book';
import { readModelKey, readModelQueryOptions } from '@/app/lib/queries/read-model-query';
import { keysForTag } from '@/app/lib/queries/read-models';
import { ConsistencyScope } from './scope';
import { composeRead } from './compose';
import { situationOf } from './strategies/strategy';
import { NO_STRATEGIES, strategiesKey, type StrategySettings } from './settings';

const BOOK = '7d1c2f3a-0000-4000-8000-000000000001';

interface Sent {
  path: string;
  signal?: AbortSignal;
  answer: (position: number) => void;
}

let sent: Sent[];

beforeEach(() => {
  sent = [];
  vi.stubGlobal('fetch', (path: string, init?: RequestInit) =>
    new Promise<Response>((resolve) => {
      const body = (position: number) => ({ book: { id: BOOK, title: 'T', author: 'A', priceCents: 100, stock: 5, version: 1 }, projection: { position, source: 'read-model' } });
      sent.push({ path, signal: init?.signal ?? undefined, answer: (position) => resolve(new Response(JSON.stringify(body(position)), { status: 200 })) });
    }),
  );
});
afterEach(() => vi.unstubAllGlobals());

/** A scope whose one view has read once, and was answered at position 5. */
async function answeredAt5(settings: StrategySettings) {
  const s = scopeWith(settings);
  await vi.waitFor(() => expect(sent).toHaveLength(1));
  sent[0]!.answer(5);
  await settled(s.observer);
  return s;
}

function scopeWith(settings: StrategySettings) {
  const scope = new ConsistencyScope({ settings, keysForTag });
  const key = readModelKey(bookQuery, BOOK, strategiesKey(settings));
  // What the view's hook would ask, from what the scope knows and what the view holds.
  const params = () =>
    composeRead(
      situationOf(settings, {
        token: scope.timeline.get().token,
        commandInFlight: scope.commandInFlight(key),
        served: scope.queryClient.getQueryData<{ projection: ProjectionStamp }>(key)?.projection,
      }),
    ).params;
  const options = readModelQueryOptions(bookQuery, BOOK, strategiesKey(settings), params, (path, queryKey, signal, asked) => scope.read(path, queryKey, signal, asked));
  const observer = new QueryObserver(scope.queryClient, options);
  const stop = observer.subscribe(() => {});
  return { scope, observer, stop };
}

const push = (position: number): ProjectionAdvanced => ({ from: position - 1, position, changed: [`book:${BOOK}`] as ProjectionAdvanced['changed'] });
const committedAt = (position: number): CommandResult => ({ ok: true, position, version: 1 });
const settled = async (observer: { getCurrentResult(): { fetchStatus: string } }) => vi.waitFor(() => expect(observer.getCurrentResult().fetchStatus).toBe('idle'));

describe('a scope told twice to read again', () => {
  it('joins a read that left after the read model had the position: one request for the push and the answer', async () => {
    const { scope, observer, stop } = await answeredAt5({ ...NO_STRATEGIES, liveNotifications: true });

    scope.heard(push(10), false); // the push comes first at delay 0: a read leaves knowing the read model has 10
    expect(sent).toHaveLength(2);
    const handle = scope.commandStarted({ id: 'c1', label: 'Buy', affects: [bookQuery.root] });
    scope.commandSettled(handle, committedAt(10));
    expect(sent).toHaveLength(2);
    expect(sent[1]!.signal?.aborted).toBe(false);

    sent[1]!.answer(10);
    await settled(observer);
    expect(observer.getCurrentResult().data?.projection.position).toBe(10);
    stop();
  });

  it('cancels and repeats a read that left before the read model was known to have the position', async () => {
    const { scope, observer, stop } = await answeredAt5({ ...NO_STRATEGIES, liveNotifications: true });

    const handle = scope.commandStarted({ id: 'c1', label: 'Buy', affects: [bookQuery.root] });
    scope.commandSettled(handle, committedAt(10)); // the answer first: the read leaves knowing only 5
    expect(sent).toHaveLength(2);
    scope.heard(push(10), false);
    expect(sent).toHaveLength(3);
    expect(sent[1]!.signal?.aborted).toBe(true); // its connection is freed, its answer never shown

    sent[1]!.answer(5);
    sent[2]!.answer(10);
    await settled(observer);
    expect(observer.getCurrentResult().data?.projection.position).toBe(10);
    stop();
  });
});

describe('a read held for a command leaves with it (wait for projection, optimistic confirmation)', () => {
  const WAIT = { ...NO_STRATEGIES, waitForProjection: true };
  /** What runCommand does as a command leaves: in the outbox, then started. */
  function send(scope: ConsistencyScope, idempotencyKey: string) {
    scope.outbox.set((list) => [...list, { id: idempotencyKey, command: 'placeOrder', input: {}, idempotencyKey, label: 'Buy' }]);
    const handle = scope.commandStarted({ id: idempotencyKey, label: 'Buy', idempotencyKey, affects: [bookQuery.root] });
    scope.commandSent(handle);
    return handle;
  }
  const answered = (scope: ConsistencyScope, idempotencyKey: string) => scope.outbox.set((list) => list.filter((e) => e.id !== idempotencyKey));

  it('is held for that command, and kept when the answer comes: one read, no second round trip', async () => {
    const { scope, observer, stop } = await answeredAt5(WAIT);

    const handle = send(scope, 'k-1');
    expect(sent).toHaveLength(2);
    expect(new URL(sent[1]!.path, 'http://x').searchParams.get('afterCommand')).toBe('k-1');
    answered(scope, 'k-1');
    scope.commandSettled(handle, committedAt(10));
    expect(sent).toHaveLength(2);
    expect(sent[1]!.signal?.aborted).toBe(false);

    sent[1]!.answer(10);
    await settled(observer);
    expect(observer.getCurrentResult().data?.projection.position).toBe(10);
    stop();
  });

  it('landing before the answer, needs no read after it', async () => {
    const { scope, observer, stop } = await answeredAt5(WAIT);

    const handle = send(scope, 'k-1');
    sent[1]!.answer(10);
    await settled(observer);
    answered(scope, 'k-1');
    scope.commandSettled(handle, committedAt(10));
    expect(sent).toHaveLength(2);
    stop();
  });

  it('is sent for optimistic updates too (its confirming read), and not for a view the command does not affect', async () => {
    const { scope, stop } = await answeredAt5({ ...NO_STRATEGIES, optimisticUpdates: true });
    send(scope, 'k-3');
    expect(new URL(sent[1]!.path, 'http://x').searchParams.get('afterCommand')).toBe('k-3');
    expect(scope.commandInFlight(['orders', 'mine'])).toBeUndefined();
    stop();
  });

  it('is dropped when the command is refused, and the view reads as usual', async () => {
    const { scope, observer, stop } = await answeredAt5(WAIT);

    const handle = send(scope, 'k-2');
    answered(scope, 'k-2');
    scope.commandSettled(handle, { ok: false, error: { code: 'insufficient_stock', message: 'Out of stock.' } });
    expect(sent[1]!.signal?.aborted).toBe(true);
    expect(sent).toHaveLength(3);
    expect(new URL(sent[2]!.path, 'http://x').searchParams.get('afterCommand')).toBeNull();
    sent[2]!.answer(5);
    await settled(observer);
    stop();
  });
});
