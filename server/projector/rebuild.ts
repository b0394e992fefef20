// Rebuild while serving: project the whole log into a fresh namespace beside
// the live read models, then switch the active-namespace pointer once the new
// ones have reached the live position.
//
// Why nobody sees time go backwards: the rebuild never projects beyond the live
// checkpoint (it chases it), and the switch is one MULTI/EXEC guarded by WATCH
// on both checkpoints and the pointer, so it happens only when the new position
// is at least the live one. From then on the live projector refuses to write the
// old namespace (its apply script checks the pointer), so a reader that resolved the old
// namespace just before the switch sees it frozen at a position the new one has.
// The old keys are deleted after a grace period, when no reader still uses them.
import type { Redis } from 'ioredis';
import type { DbHandle } from '@/db/client';
import type { RebuildStatus } from '@/server/contracts/api';
import type { StoredEvent } from '@/server/events/types';
import { log } from '@/server/log';
import { readActiveCursor } from './cursor';
import { ACTIVE_NAMESPACE_KEY, activeReadModelKeys, DEFAULT_NAMESPACE, readModelKeys, REBUILD_STATUS_KEY, type ReadModelKeys } from './keys';
import { tryAdvisoryLock } from './leadership';
import { readEventRange } from './read-log';
import { RebuildProjection } from './rebuild-projection';

export class RebuildAlreadyRunning extends Error {
  constructor() {
    super('A rebuild is already running.');
  }
}

export interface RebuildOptions {
  db: DbHandle;
  /** A connection of its own: WATCH is per connection. */
  redis: Redis;
  batchSize?: number;
  /** How long the replaced namespace stays readable after the switch. */
  graceMs?: number;
  requestedAt?: string;
  onProgress?: (status: RebuildStatus) => void;
}

export async function readRebuildStatus(redis: Pick<Redis, 'get'>): Promise<RebuildStatus | null> {
  const raw = await redis.get(REBUILD_STATUS_KEY);
  return raw === null ? null : (JSON.parse(raw) as RebuildStatus);
}

/** One rebuild per Redis database at a time, across processes. */
export function rebuildLockName(redis: Redis): string {
  return `rebuild:${redis.options.db ?? 0}`;
}

const REBUILD_PREFIX = 'rm-';
/** Events per batch read from the log and per pipeline. */
export const REBUILD_BATCH_SIZE = 5_000;
/** Progress is written to the status record at most this often: each write waits behind the pipeline in flight. */
const PROGRESS_EVERY_MS = 500;

export async function rebuildReadModels(opts: RebuildOptions): Promise<RebuildStatus> {
  const lock = await tryAdvisoryLock(opts.db.sql, rebuildLockName(opts.redis));
  if (!lock) throw new RebuildAlreadyRunning();
  try {
    return await rebuildLocked(opts);
  } finally {
    await lock.release();
  }
}

async function rebuildLocked(opts: RebuildOptions): Promise<RebuildStatus> {
  const { db, redis, batchSize = REBUILD_BATCH_SIZE, graceMs = 5000 } = opts;
  const keys = readModelKeys(`${REBUILD_PREFIX}${Date.now().toString(36)}`);
  const started = Date.now();
  let status: RebuildStatus = {
    state: 'running',
    requestedAt: opts.requestedAt ?? new Date(started).toISOString(),
    startedAt: new Date(started).toISOString(),
    namespace: keys.namespace,
    position: 0,
    livePosition: 0,
    eventsApplied: 0,
  };
  const report = async (patch: Partial<RebuildStatus>) => {
    const elapsed = (Date.now() - started) / 1000;
    // The rate is the replay's, up to the switch: not diluted by the grace period after it.
    const replaying = status.state === 'running';
    status = { ...status, ...patch };
    if (replaying) status.eventsPerSecond = elapsed > 0 ? Math.round(status.eventsApplied / elapsed) : undefined;
    await redis.set(REBUILD_STATUS_KEY, JSON.stringify(status));
    opts.onProgress?.(status);
  };
  try {
    await report({});
    log.info('rebuild.started', { namespace: keys.namespace });
    const replaced = await chaseAndSwitch(db, redis, keys, batchSize, (position, livePosition, applied) =>
      report({ position, livePosition, eventsApplied: status.eventsApplied + applied }),
    );
    await report({ state: 'switched', replaces: replaced.namespace, finishedAt: new Date().toISOString() });
    log.info('rebuild.switched', { namespace: keys.namespace, replaces: replaced.namespace, position: status.position, eventsApplied: status.eventsApplied });
    await new Promise((r) => setTimeout(r, graceMs));
    await deleteNamespace(redis, replaced);
    // Still under the lock, and after the switch so the scan costs the rebuild nothing.
    await deleteAbandonedRebuilds(redis);
    await report({ replacedDeletedAt: new Date().toISOString() });
    return status;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error('rebuild.failed', { namespace: keys.namespace, error: message });
    // The half-built namespace was never active: nobody reads it.
    await deleteNamespace(redis, keys).catch(() => undefined);
    await report({ state: 'failed', error: message, finishedAt: new Date().toISOString() }).catch(() => undefined);
    throw error;
  }
}

/** A rebuild whose process was killed leaves a namespace nobody reads; we hold the lock, so none is in progress. */
async function deleteAbandonedRebuilds(redis: Redis): Promise<void> {
  const active = (await activeReadModelKeys(redis)).namespace;
  const leftovers = new Set<string>();
  await scanKeys(redis, `${REBUILD_PREFIX}*`, async (found) => {
    for (const key of found) leftovers.add(key.slice(0, key.indexOf(':')));
  });
  leftovers.delete(active);
  for (const ns of leftovers) await deleteNamespace(redis, readModelKeys(ns));
}

/** Projects into `keys` until it reaches the live checkpoint, then switches. Returns the replaced namespace. */
async function chaseAndSwitch(
  db: DbHandle,
  redis: Redis,
  keys: ReadModelKeys,
  batchSize: number,
  progress: (position: number, livePosition: number, applied: number) => Promise<void>,
): Promise<ReadModelKeys> {
  const projection = new RebuildProjection(redis, keys);
  let at = 0; // a fresh namespace: only this rebuild writes it
  let reported = Date.now();
  for (;;) {
    // The live checkpoint only grows (the live projector's script refuses to move it back), so one read bounds a whole pass.
    const live = await readActiveCursor(redis);
    if (at >= live.checkpoint) {
      await projection.flush();
      if (await trySwitch(redis, live.keys, keys, at)) return live.keys;
      continue;
    }
    let applied = 0;
    for await (const batch of readLog(db, at, live.checkpoint, batchSize)) {
      await projection.apply(batch);
      at = batch.at(-1)!.position;
      applied += batch.length;
      if (Date.now() - reported >= PROGRESS_EVERY_MS) {
        reported = Date.now();
        await progress(at, live.checkpoint, applied);
        applied = 0;
      }
    }
    await projection.flush();
    await progress(at, live.checkpoint, applied);
  }
}

/**
 * Ranges of the log read at once, each on a connection of its own. One
 * backend reading the log was the rebuild's bottleneck: reading a million
 * events alone took longer than the whole replay of their writes, while the
 * fold waited on it (bench/FINDINGS.md). Postgres serves each range in its own
 * process, so ranges read side by side use the cores the fold does not.
 */
export const REBUILD_READ_AHEAD = 3;
/** Postgres connections a rebuild uses at once: the lock's, and one per range being read. */
export const REBUILD_CONNECTIONS = REBUILD_READ_AHEAD + 1;

/**
 * The log from `after` to `upTo` in batches of at most `span` positions, in
 * order, with up to REBUILD_READ_AHEAD ranges being read from Postgres while
 * the caller works on the first. A range with no events (a gap in the
 * positions) is skipped; `upTo` is a position the live projector applied, so
 * the last range is never empty.
 */
export async function* readLog(db: DbHandle, after: number, upTo: number, span: number): AsyncGenerator<StoredEvent[]> {
  const ahead: { from: number; events: Promise<StoredEvent[]> }[] = [];
  let from = after;
  const readMore = () => {
    while (ahead.length < REBUILD_READ_AHEAD && from < upTo) {
      const events = readEventRange(db.sql, from, span, upTo);
      events.catch(() => undefined); // awaited (and its error seen) in its turn, or dropped with the generator
      ahead.push({ from, events });
      from = Math.min(from + span, upTo);
    }
  };
  readMore();
  while (ahead.length > 0) {
    const next = ahead.shift()!;
    readMore();
    const last = ahead.length === 0;
    const batch = await next.events;
    if (last && batch.length === 0) throw new Error(`the log has nothing between ${next.from} and the live checkpoint ${upTo}`);
    if (batch.length > 0) yield batch;
  }
}

/**
 * The pointer moves only if neither checkpoint nor the pointer changed since we
 * compared them. `at` is where this rebuild knows its namespace stands: if Redis
 * says otherwise the namespace was lost (Redis flushed), and chasing would never end.
 */
async function trySwitch(redis: Redis, live: ReadModelKeys, next: ReadModelKeys, at: number): Promise<boolean> {
  await redis.watch(ACTIVE_NAMESPACE_KEY, live.checkpoint, next.checkpoint);
  const [pointer, liveAt, nextAt] = await redis.mget(ACTIVE_NAMESPACE_KEY, live.checkpoint, next.checkpoint);
  if (Number(nextAt ?? 0) !== at) {
    await redis.unwatch();
    throw new Error(`the namespace being rebuilt is at ${Number(nextAt ?? 0)}, not ${at}: it was lost (Redis flushed?)`);
  }
  if ((pointer ?? DEFAULT_NAMESPACE) !== live.namespace || at < Number(liveAt ?? 0)) {
    await redis.unwatch();
    return false;
  }
  return (await redis.multi().set(ACTIVE_NAMESPACE_KEY, next.namespace).exec()) !== null;
}

async function deleteNamespace(redis: Redis, keys: ReadModelKeys): Promise<void> {
  await scanKeys(redis, `${keys.namespace}:*`, async (found) => {
    if (found.length > 0) await redis.unlink(...found);
  });
}

/** Every key matching `pattern`, a SCAN page at a time (never KEYS: it would block Redis on a large store). */
async function scanKeys(redis: Redis, pattern: string, onPage: (keys: string[]) => Promise<void>): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    await onPage(found);
    cursor = next;
  } while (cursor !== '0');
}
