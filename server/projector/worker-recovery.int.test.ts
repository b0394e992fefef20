// Crashes, restarts and rival workers must all converge to the read models a
// clean full replay produces: nothing skipped, nothing applied twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder } from '@/server/commands/place-order';
import { cancelOrder } from '@/server/commands/cancel-order';
import type { SessionUser } from '@/server/contracts/api';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, dumpRedis, testDb, testRedis, userByEmail } from '@/server/testing/fixtures';
import { spawnWorker, waitFor } from '@/server/testing/worker-process';
import { readCheckpoint } from './cursor';
import { readModelKeys } from './keys';
import { createProjector } from './projector';

const handle = testDb();
const keys = readModelKeys();
const noLag = async () => ({ delayMs: 0, paused: false });
const stores = [2, 3, 4, 5, 6].map((n) => testRedis(n));
let head = 0;

async function logHead(): Promise<number> {
  const [row] = await handle.sql<{ head: string }[]>`select coalesce(max(position), 0) as head from events`;
  return Number(row?.head ?? 0);
}

async function replayInto(store: (typeof stores)[number]) {
  await store.redis.flushdb();
  await createProjector({ db: handle, redis: store.redis, keys, announce: false, lab: noLag }).catchUp();
  return dumpRedis(store.redis);
}

beforeAll(async () => {
  // Enough history (orders, cancellations, restocks) that a small-batch worker takes a while to replay it.
  const admin = await ApiClient.signedIn('admin@example.com');
  const { bookId } = await addTestBook(admin, 1000);
  const alice: SessionUser = await userByEmail(handle, 'alice@example.com');
  for (let i = 0; i < 60; i++) {
    const placed = await placeOrder({ user: alice, input: { lines: [{ bookId, quantity: 1 + (i % 3) }] } }, { db: handle });
    if (placed.ok && i % 4 === 0) await cancelOrder({ user: alice, input: { orderId: placed.orderId } }, { db: handle });
  }
  head = await logHead();
  for (const store of stores) await store.redis.flushdb();
});

afterAll(async () => {
  await handle.sql.end();
  for (const store of stores) store.redis.disconnect();
});

describe('projector recovery', () => {
  it('a worker killed mid-run and restarted converges to a full replay', async () => {
    const [crashStore, replayStore] = [stores[0]!, stores[1]!];
    const first = spawnWorker(crashStore.url, { PROJECTOR_BATCH_SIZE: '3' });
    const killedAt = await waitFor(async () => {
      const cp = await readCheckpoint(crashStore.redis, keys);
      return cp > 0 && cp < head - 100 && cp;
    }, 'the worker to be part-way through the log');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(killedAt).toBeLessThan(head);

    const second = spawnWorker(crashStore.url, { PROJECTOR_BATCH_SIZE: '50' });
    await waitFor(async () => (await readCheckpoint(crashStore.redis, keys)) >= head, 'the restarted worker to catch up');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    expect(await dumpRedis(crashStore.redis)).toEqual(await replayInto(replayStore));
  });

  it('of two worker processes exactly one projects; the other stands by', async () => {
    const store = stores[2]!;
    const workers = [spawnWorker(store.url), spawnWorker(store.url)];
    await waitFor(async () => (await readCheckpoint(store.redis, keys)) >= head, 'the active worker to catch up');
    await waitFor(async () => workers.every((w) => /worker\.(active|standby)/.test(w.output())), 'both workers to settle');
    const roles = workers.map((w) => (w.output().includes('"worker.active"') ? 'active' : 'standby')).sort();
    expect(roles).toEqual(['active', 'standby']);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    expect(await dumpRedis(store.redis)).toEqual(await replayInto(stores[1]!));
  });

  it('two projectors racing on one store never apply an event twice', async () => {
    const store = stores[3]!;
    const second = testRedis(5);
    // Two connections to the same database, no leader lock: only the checkpoint guard stands between them.
    const rivals = [store.redis, second.redis].map((redis) =>
      createProjector({ db: handle, redis, keys, batchSize: 7, announce: false, lab: noLag }),
    );
    await Promise.all(rivals.map((p) => p.catchUp()));
    expect(await readCheckpoint(store.redis, keys)).toBe(head);
    second.redis.disconnect();
    expect(await dumpRedis(store.redis)).toEqual(await replayInto(stores[4]!));
  });
});
