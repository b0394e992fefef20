// Exactly one active projector: a session-level advisory lock on a reserved
// connection. Postgres releases it when that connection dies (kill -9 included),
// so a standby polling here takes over within one poll interval.
import type { Sql } from '@/db/client';

export const STANDBY_POLL_MS = 500;

/**
 * `scope` names the read-model store being written (Redis database + namespace):
 * one leader per store, so a side projection (tests, rebuilds) has its own.
 */
export async function holdLeadership(
  sql: Sql,
  scope: string,
  cancelled: () => boolean,
  say: (event: string) => void,
): Promise<{ release(): Promise<void> } | null> {
  let announced = false;
  while (!cancelled()) {
    const lock = await tryAdvisoryLock(sql, `projector:${scope}`);
    if (lock) return lock;
    if (!announced) say('worker.standby');
    announced = true;
    await new Promise((r) => setTimeout(r, STANDBY_POLL_MS));
  }
  return null;
}

/** A session-level advisory lock on a connection of its own, or null if another session holds it. */
export async function tryAdvisoryLock(sql: Sql, name: string): Promise<{ release(): Promise<void> } | null> {
  const connection = await sql.reserve();
  try {
    const [row] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(hashtext(${name})) as locked`;
    if (!row?.locked) {
      connection.release();
      return null;
    }
  } catch (error) {
    connection.release();
    throw error;
  }
  return {
    async release() {
      try {
        await connection`select pg_advisory_unlock(hashtext(${name}))`;
      } finally {
        connection.release();
      }
    },
  };
}

/**
 * Whether any session holds `name`'s lock, without taking it (taking it, even
 * for a moment, could make its rightful owner's attempt fail). pg_locks shows
 * an advisory lock on a bigint key as its high and low 32 bits.
 */
export async function advisoryLockHeld(sql: Sql, name: string): Promise<boolean> {
  const [row] = await sql<{ held: boolean }[]>`
    select exists (
      select 1 from pg_locks
       where locktype = 'advisory' and granted and objsubid = 1
         and classid = ((hashtext(${name})::bigint >> 32) & 4294967295)::oid
         and objid = (hashtext(${name})::bigint & 4294967295)::oid
    ) as held`;
  return row?.held ?? false;
}
