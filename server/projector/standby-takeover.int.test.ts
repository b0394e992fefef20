// Exactly one active projector; when it is killed, the standby takes over
// within 2 s and continues from the checkpoint, applying nothing twice.
import { afterAll, describe, expect, it } from 'vitest';
import { placeOrder } from '@/server/commands/place-order';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, dumpRedis, testDb, testRedis, userByEmail } from '@/server/testing/fixtures';
import { spawnWorker, waitFor } from '@/server/testing/worker-process';
import { readCheckpoint } from './cursor';
import { readModelKeys } from './keys';
import { createProjector } from './projector';

const handle = testDb();
const live = testRedis(8);
const replay = testRedis(9);
const keys = readModelKeys();

afterAll(async () => {
  await handle.sql.end();
  live.redis.disconnect();
  replay.redis.disconnect();
});

describe('standby takeover', () => {
  it('kill -9 of the active worker mid-burst: the standby takes over within 2 s and the result equals a full replay', async () => {
    await live.redis.flushdb();
    const admin = await ApiClient.signedIn('admin@example.com');
    const { bookId } = await addTestBook(admin, 100_000);
    const alice = await userByEmail(handle, 'alice@example.com');

    const workers = [spawnWorker(live.url, { PROJECTOR_BATCH_SIZE: '5' }), spawnWorker(live.url, { PROJECTOR_BATCH_SIZE: '5' })];
    await waitFor(async () => workers.some((w) => w.output().includes('"worker.active"')) && workers.some((w) => w.output().includes('"worker.standby"')), 'one active and one standby worker');
    const active = workers.find((w) => w.output().includes('"worker.active"'))!;
    const standby = workers.find((w) => w !== active)!;

    // A burst of commands, concurrently with the kill.
    let burstDone = false;
    const burst = (async () => {
      for (let i = 0; i < 150; i++) {
        await Promise.all([1, 2].map((q) => placeOrder({ user: alice, input: { lines: [{ bookId, quantity: q }] } }, { db: handle })));
      }
      burstDone = true;
    })();
    await waitFor(async () => (await readCheckpoint(live.redis, keys)) > 0 && !burstDone, 'the active worker to be projecting during the burst');
    active.child.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(async () => standby.output().includes('"worker.active"'), 'the standby to take over', 5000);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThan(2000);

    await burst;
    const [{ head } = { head: '0' }] = await handle.sql<{ head: string }[]>`select max(position) as head from events`;
    await waitFor(async () => (await readCheckpoint(live.redis, keys)) >= Number(head), 'the new active worker to catch up');
    standby.child.kill('SIGTERM');
    await standby.exited;

    await replay.redis.flushdb();
    await createProjector({ db: handle, redis: replay.redis, keys, announce: false, lab: async () => ({ delayMs: 0, paused: false }) }).catchUp();
    expect(await dumpRedis(live.redis)).toEqual(await dumpRedis(replay.redis));
  });
});
