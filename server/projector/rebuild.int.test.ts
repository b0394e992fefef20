// Rebuild while serving: new read models are built beside the live ones and
// switched to atomically. Meanwhile every read succeeds and no session is ever
// served an older position than it was served before.
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ProjectionStatus, RebuildStatus } from '@/server/contracts/api';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, dumpRedis, testDb, testRedis } from '@/server/testing/fixtures';
import { spawnScript, waitFor } from '@/server/testing/worker-process';
import { readModelKeys, REBUILD_STATUS_KEY } from './keys';
import { tryAdvisoryLock } from './leadership';
import { createProjector } from './projector';
import { rebuildLockName } from './rebuild';

const handle = testDb();
const live = testRedis(0);
const replay = testRedis(10);

afterAll(async () => {
  await handle.sql.end();
  live.redis.disconnect();
  replay.redis.disconnect();
});

interface Served {
  path: string;
  status: number;
  position?: number;
}

/** Reads in a loop, one request at a time like a user clicking around, until `done()`. */
async function keepReading(client: ApiClient, paths: string[], done: () => boolean): Promise<Served[]> {
  const served: Served[] = [];
  for (let i = 0; !done(); i++) {
    const path = paths[i % paths.length]!;
    const res = await client.get<{ projection?: { position: number } }>(path);
    served.push({ path, status: res.status, position: res.body.projection?.position });
  }
  return served;
}

function expectMonotonic(served: Served[]) {
  const positions = served.map((s) => s.position ?? -1);
  const backwards = positions.findIndex((p, i) => i > 0 && p < positions[i - 1]!);
  expect(backwards, `position went from ${positions[backwards - 1]} back to ${positions[backwards]}`).toBe(-1);
}

async function projection(client: ApiClient) {
  return (await client.get<ProjectionStatus>('/api/projection')).body;
}

describe('rebuild while serving', () => {
  it('the admin button: builds beside the live read models, switches when caught up, no read fails or goes back in time', async () => {
    const [, secondInstance] = inject('webUrls');
    const admin = await ApiClient.signedIn('admin@example.com');
    const alice = await ApiClient.signedIn('alice@example.com');
    const bob = await ApiClient.signedIn('bob@example.com', secondInstance);
    const anonymous = new ApiClient(secondInstance);
    const { bookId, position } = await addTestBook(admin, 100_000);
    await admin.waitForProjection(position);
    const before = await projection(admin);

    let stop = false;
    const done = () => stop;
    const readers = [
      keepReading(alice, ['/api/orders?consistency=read-your-writes', `/api/books/${bookId}?consistency=read-your-writes`, '/api/books?consistency=read-your-writes'], done),
      keepReading(bob, ['/api/orders', '/api/books/bestsellers', `/api/books/${bookId}`], done),
      keepReading(anonymous, [`/api/books/${bookId}`, '/api/books?q=test'], done),
    ];
    const placed: string[] = [];
    const writer = (async () => {
      while (!stop) {
        const res = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
        expect(res.status).toBe(201);
        placed.push(res.body.orderId);
      }
    })();

    const requested = await admin.post<{ rebuild: RebuildStatus }>('/api/projection/rebuild');
    expect(requested.status).toBe(202);
    const switched = await waitFor(async () => {
      const status = await projection(admin);
      return status.rebuild?.state === 'switched' && status.namespace !== before.namespace && status;
    }, 'the rebuild to switch namespaces');
    expect(switched.namespace).toBe(switched.rebuild!.namespace);
    expect(switched.rebuild!.replaces).toBe(before.namespace);
    // Keep serving until the replaced namespace is gone, so reads after its deletion are covered too.
    await waitFor(async () => (await live.redis.keys(`${before.namespace}:*`)).length === 0, 'the replaced namespace to be deleted');
    stop = true;
    const [aliceSaw, bobSaw, anonymousSaw] = await Promise.all(readers);
    await writer;

    for (const served of [aliceSaw!, bobSaw!, anonymousSaw!]) {
      expect(served.filter((s) => s.status !== 200)).toEqual([]);
      expectMonotonic(served);
    }
    expect(aliceSaw!.length + bobSaw!.length + anonymousSaw!.length).toBeGreaterThan(100);

    // Nothing lost: every order placed during the rebuild is listed, once.
    const [{ head } = { head: '0' }] = await handle.sql<{ head: string }[]>`select max(position) as head from events`;
    await admin.waitForProjection(Number(head));
    // Newest first; alice placed nothing else meanwhile, so the page starts with her orders in reverse.
    const newest = placed.slice(-500).reverse();
    const listed = (await alice.get<{ items: { id: string }[] }>(`/api/orders?limit=${newest.length}`)).body.items.map((o) => o.id);
    expect(listed).toEqual(newest);

    // The switched-to read models are exactly a full replay of the log.
    await replay.redis.flushdb();
    const keys = readModelKeys(switched.namespace);
    await createProjector({ db: handle, redis: replay.redis, keys, announce: false, lab: async () => ({ delayMs: 0, paused: false }) }).catchUp();
    expect(await dumpRedis(live.redis, switched.namespace)).toEqual(await dumpRedis(replay.redis, switched.namespace));
  });

  it('npm run rebuild does the same from the command line, and a second rebuild is refused while it runs', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const before = await projection(admin);
    const cli = spawnScript('server/cli/rebuild.ts', inject('redisUrl'));
    await waitFor(async () => {
      const status = await projection(admin);
      return status.rebuild?.state === 'running' || (status.rebuild?.state === 'switched' && status.namespace !== before.namespace);
    }, 'the command-line rebuild to start');
    const second = await admin.post('/api/projection/rebuild');
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'rebuild_in_progress' } });

    expect(await cli.exited, cli.output()).toBe(0);
    expect(cli.output()).toMatch(/switched to rm-\w+ at position \d+/);
    const after = await projection(admin);
    expect(after.namespace).not.toBe(before.namespace);
    expect(after.readModel).toBe('ready');
    expect(await live.redis.keys(`${before.namespace}:*`)).toEqual([]);
  });

  it('a rebuild whose process died is shown as abandoned, not as building forever', async () => {
    const admin = await ApiClient.signedIn('admin@example.com');
    const recorded = await live.redis.get(REBUILD_STATUS_KEY);
    const running: RebuildStatus = { state: 'running', requestedAt: new Date().toISOString(), namespace: 'rm-gone', position: 10, livePosition: 20, eventsApplied: 10 };
    // A rebuild holds its lock for as long as its process lives; its status record is whatever it last wrote.
    let lock = await tryAdvisoryLock(handle.sql, rebuildLockName(live.redis));
    expect(lock).not.toBeNull();
    try {
      await live.redis.set(REBUILD_STATUS_KEY, JSON.stringify(running));
      expect((await projection(admin)).rebuild).toMatchObject({ state: 'running', namespace: 'rm-gone' });
      // The process dies: Postgres drops its lock, the record still says "running".
      await lock!.release();
      lock = null;
      expect((await projection(admin)).rebuild).toMatchObject({ state: 'failed', namespace: 'rm-gone', error: expect.stringMatching(/^abandoned/) });
    } finally {
      await lock?.release();
      if (recorded === null) await live.redis.del(REBUILD_STATUS_KEY);
      else await live.redis.set(REBUILD_STATUS_KEY, recorded);
    }
  });

  it('only admins may ask for a rebuild', async () => {
    const alice = await ApiClient.signedIn('alice@example.com');
    expect((await alice.post('/api/projection/rebuild')).status).toBe(403);
    expect((await new ApiClient().post('/api/projection/rebuild')).status).toBe(401);
  });
});
