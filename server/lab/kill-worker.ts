// The lab's "Kill active worker": the worker projecting now exits hard, as if
// the machine under it died (no cleanup, its leader lock dies with its
// connection), and the standby takes over. The web process cannot signal a
// worker that may run elsewhere, so it asks over Postgres NOTIFY, naming the
// worker by the pid it advertises; only that worker, and only while active,
// obeys.
import type { DbHandle, Sql } from '@/db/client';
import type { ProjectionStatus, WorkerKilled } from '@/server/contracts/api';
import { log } from '@/server/log';

export const KILL_WORKER_CHANNEL = 'lab_kill_worker';

/** Asks `active` (the worker the status names) to exit hard; null when none is active (nothing is sent). */
export async function killActiveWorker({ sql }: DbHandle, active: ProjectionStatus['activeWorker']): Promise<WorkerKilled | null> {
  if (!active) return null;
  await sql`select pg_notify(${KILL_WORKER_CHANNEL}, ${String(active.pid)})`;
  return { killed: active };
}

/** In the worker: exit with SIGKILL when the lab names this process while it is the active one. */
export function obeyKillRequests(sql: Sql, isActive: () => boolean): Promise<unknown> {
  return sql.listen(KILL_WORKER_CHANNEL, (pid) => {
    if (pid !== String(process.pid) || !isActive()) return;
    log.warn('worker.killed_by_lab', { pid: process.pid });
    process.kill(process.pid, 'SIGKILL');
  });
}
