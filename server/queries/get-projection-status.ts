// How far behind the read models are. The head comes from Postgres (a read,
// never a write) so the answer stays true when the worker is down.
import type { DbHandle } from '@/db/client';
import type { ProjectionStatus } from '@/server/contracts/api';
import { readLabSettings } from '@/server/lab/lab-settings';
import type { ReadContext } from './read-context';

export async function getProjectionStatus(ctx: ReadContext, handle: DbHandle): Promise<ProjectionStatus> {
  const position = Number((await ctx.redis.get(ctx.keys.checkpoint)) ?? 0);
  const [[head], lab] = await Promise.all([
    handle.sql<{ head: string | null; pending: string; oldest_pending_ms: number | null }[]>`
      select (select max(position) from events) as head,
             (select count(*) from events where position > ${position}) as pending,
             (select extract(epoch from clock_timestamp() - occurred_at) * 1000
                from events where position > ${position} order by position limit 1) as oldest_pending_ms`,
    readLabSettings(handle),
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
  };
}
