// The active worker runs each requested rebuild on a thread of its own
// (rebuild-thread.ts). What crosses back from the thread must be what the
// rebuild said: its switched status, or that another rebuild holds the lock.
import { afterAll, expect, inject, it } from 'vitest';
import { testDb, testRedis } from '@/server/testing/fixtures';
import { ACTIVE_NAMESPACE_KEY, readModelKeys } from './keys';
import { tryAdvisoryLock } from './leadership';
import { rebuildLockName, RebuildAlreadyRunning } from './rebuild';
import { rebuildOnThread } from './rebuild-thread';

const handle = testDb(2);
const store = testRedis(12);

afterAll(async () => {
  await handle.sql.end();
  store.redis.disconnect();
});

it('rebuilds on its own thread up to the live checkpoint and switches; refused while another rebuild holds the lock', async () => {
  await store.redis.flushdb();
  // This database's live read models claim the log's head: the rebuild must chase them there.
  // Positions may have gaps (an append rolled back by another test): the events are counted, not inferred.
  const [row] = await handle.sql<{ head: number; events: number }[]>`select max(position)::int as head, count(*)::int as events from events`;
  const { head, events } = row!;
  await store.redis.set(readModelKeys().checkpoint, String(head));
  const input = { databaseUrl: inject('databaseUrl'), redisUrl: store.url, graceMs: 0 };

  const lock = await tryAdvisoryLock(handle.sql, rebuildLockName(store.redis));
  expect(lock).not.toBeNull();
  await expect(rebuildOnThread(input).done).rejects.toBeInstanceOf(RebuildAlreadyRunning);
  await lock!.release();

  const status = await rebuildOnThread(input).done;
  expect(status).toMatchObject({ state: 'switched', position: head, eventsApplied: events, replaces: 'rm', replacedDeletedAt: expect.any(String) });
  const rebuilt = readModelKeys(status.namespace);
  expect(await store.redis.get(ACTIVE_NAMESPACE_KEY)).toBe(rebuilt.namespace);
  expect(Number(await store.redis.get(rebuilt.checkpoint))).toBe(head);
  expect(await store.redis.zcard(rebuilt.catalog)).toBeGreaterThan(0);
  // The replaced namespace is deleted once the (zero) grace period is over.
  expect(await store.redis.exists(readModelKeys().checkpoint)).toBe(0);
});
