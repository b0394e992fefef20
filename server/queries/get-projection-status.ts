// How far behind the read models are. The head comes from Postgres (a read,
// never a write) so the answer stays true when the worker is down.
import type { DbHandle } from '@/db/client';
import type { ProjectionStatus } from '@/server/contracts/api';
import { APPEND_LOCK_KEY } from '@/server/events/append-events';
import { demoModeOn } from '@/server/lab/demo-mode';
import { readLabSettings } from '@/server/lab/lab-settings';
import { ACTIVE_WORKER_KEY, DEFAULT_NAMESPACE } from '@/server/projector/keys';
import { advisoryLockHeld } from '@/server/projector/leadership';
import { readRebuildStatus, rebuildLockName } from '@/server/projector/rebuild';
import type { RebuildStatus } from '@/server/contracts/api';
import type { Redis } from 'ioredis';
import { openReadModels } from '@/server/queries/read-model-health';

export async function getProjectionStatus(redis: Redis, handle: DbHandle, demoMode: boolean = demoModeOn()): Promise<ProjectionStatus> {
  const { state: readModel, ctx } = await openReadModels(redis);
  const position = ctx?.position ?? 0;
  const [rebuild, activeWorker] = ctx ? await Promise.all([readRebuildStatus(redis), readActiveWorker(redis)]) : [null, null];
  const [[head], lab, waitingOn, rebuildNow] = await Promise.all([
    handle.sql<{ head: string | null; pending: string; oldest_pending_ms: number | null }[]>`
      select (select max(position) from events) as head,
             (select count(*) from events where position > ${position}) as pending,
             (select extract(epoch from clock_timestamp() - occurred_at) * 1000
                from events where position > ${position} order by position limit 1) as oldest_pending_ms`,
    readLabSettings(handle),
    appendLockHolder(handle),
    abandonedOrAsRecorded(rebuild, handle, redis),
  ]);
  const headPosition = Number(head?.head ?? 0);
  return {
    position,
    headPosition,
    // Counted, not subtracted: a rolled-back append leaves a hole in the positions.
    lagEvents: Number(head?.pending ?? 0),
    lagMs: Math.round(Number(head?.oldest_pending_ms ?? 0)),
    paused: lab.paused,
    delayMs: lab.delayMs,
    readModel,
    waitingOn,
    activeWorker,
    namespace: ctx?.keys.namespace ?? DEFAULT_NAMESPACE,
    rebuild: rebuildNow,
    demoMode,
  };
}

/**
 * The status record says what the rebuild last wrote; only its lock says it
 * still runs. A rebuild whose process died (a killed or restarted worker, a
 * stopped `npm run rebuild`) leaves "running" behind, and the admin panel would
 * show it building, with its button disabled, for good.
 */
async function abandonedOrAsRecorded(rebuild: RebuildStatus | null, handle: DbHandle, redis: Redis): Promise<RebuildStatus | null> {
  if (rebuild?.state !== 'running' || (await advisoryLockHeld(handle.sql, rebuildLockName(redis)))) return rebuild;
  return { ...rebuild, state: 'failed', error: 'abandoned (the process running it stopped before the switch; the next rebuild deletes what it built)' };
}

/** A commit holds the append lock for milliseconds; longer than this is a stuck or slow writer worth naming. */
const SLOW_HOLD_MS = 500;

async function appendLockHolder({ sql }: DbHandle): Promise<ProjectionStatus['waitingOn']> {
  // An advisory lock on a bigint key shows in pg_locks as classid = high half, objid = low half, objsubid = 1.
  const rows = await sql<{ pid: number; granted: boolean; held_ms: number; state: string | null }[]>`
    select l.pid, l.granted, a.state,
           extract(epoch from clock_timestamp() - a.xact_start) * 1000 as held_ms
      from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where l.locktype = 'advisory' and l.classid = 0 and l.objid = ${APPEND_LOCK_KEY} and l.objsubid = 1`;
  const holder = rows.find((r) => r.granted);
  if (!holder || Number(holder.held_ms) < SLOW_HOLD_MS) return null;
  return {
    reason: `transaction of backend ${holder.pid} (${holder.state ?? 'unknown state'}) holds the event log's append lock; projection resumes when it commits or rolls back`,
    pid: holder.pid,
    heldMs: Math.round(Number(holder.held_ms)),
    writersQueued: rows.filter((r) => !r.granted).length,
  };
}

export async function readActiveWorker(redis: Redis): Promise<ProjectionStatus['activeWorker']> {
  const raw = await redis.get(ACTIVE_WORKER_KEY).catch(() => null);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as { pid?: unknown; since?: unknown };
    return typeof parsed.pid === 'number' && typeof parsed.since === 'string' ? { pid: parsed.pid, since: parsed.since } : null;
  } catch {
    return null;
  }
}
