// Samples what Postgres backends are doing while a load runs, from
// pg_stat_activity and pg_locks: how often the event log's append lock is
// held, how many transactions queue for it, and whether its holder is working
// or waiting for its client to send the next statement ("idle in
// transaction"). A lock held across client round trips caps throughput at
// 1 / (hold time), however many cores are free: this is how to see it.
import type { Sql } from '@/db/client';
import { APPEND_LOCK_KEY } from '@/server/events/append-events';
import { sleep } from './timing';

export interface PgActivity {
  samples: number;
  /** Share of samples with the append lock held (0..1). */
  appendLockHeld: number;
  /** Of those, the share where its holder was waiting for its client, not working. */
  holderWaitingOnClient: number;
  /** Mean number of transactions queued on the append lock. */
  appendLockQueue: number;
  /** Mean number of backends inside a transaction waiting for their client. */
  idleInTransaction: number;
}

export function samplePgActivity(sql: Sql, intervalMs = 20): { stop(): Promise<PgActivity> } {
  let running = true;
  const rows: { held: boolean; holderIdle: boolean; queued: number; idleInTx: number }[] = [];
  const loop = (async () => {
    while (running) {
      const [row] = await sql<{ queued: number; idle_in_tx: number; holder_state: string | null }[]>`
        select count(*) filter (where a.wait_event = 'advisory')::int as queued,
               count(*) filter (where a.state = 'idle in transaction')::int as idle_in_tx,
               (select h.state from pg_locks l join pg_stat_activity h on h.pid = l.pid
                 where l.locktype = 'advisory' and l.granted and l.classid = 0 and l.objid = ${APPEND_LOCK_KEY} limit 1) as holder_state
        from pg_stat_activity a
        where a.datname = current_database() and a.pid <> pg_backend_pid() and a.backend_type = 'client backend'`;
      rows.push({ held: row!.holder_state !== null, holderIdle: row!.holder_state === 'idle in transaction', queued: row!.queued, idleInTx: row!.idle_in_tx });
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const n = Math.max(1, rows.length);
      const held = rows.filter((r) => r.held);
      const r2 = (x: number) => Math.round(x * 100) / 100;
      return {
        samples: rows.length,
        appendLockHeld: r2(held.length / n),
        holderWaitingOnClient: r2(held.filter((r) => r.holderIdle).length / Math.max(1, held.length)),
        appendLockQueue: r2(rows.reduce((s, r) => s + r.queued, 0) / n),
        idleInTransaction: r2(rows.reduce((s, r) => s + r.idleInTx, 0) / n),
      };
    },
  };
}
