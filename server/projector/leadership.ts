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
  const connection = await sql.reserve();
  let announced = false;
  while (!cancelled()) {
    const [row] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(hashtext(${'projector:' + scope})) as locked`;
    if (row?.locked) {
      return {
        async release() {
          await connection`select pg_advisory_unlock(hashtext(${'projector:' + scope}))`;
          connection.release();
        },
      };
    }
    if (!announced) say('worker.standby');
    announced = true;
    await new Promise((r) => setTimeout(r, STANDBY_POLL_MS));
  }
  connection.release();
  return null;
}
