// Exactly one active projector: a session-level advisory lock on a reserved
// connection. Postgres releases it when that connection dies (kill -9 included),
// so a standby polling here takes over within one poll interval.
import type { Sql } from '@/db/client';

export const PROJECTOR_LOCK_KEY = 7_002;
export const STANDBY_POLL_MS = 500;

export async function holdLeadership(
  sql: Sql,
  cancelled: () => boolean,
  say: (event: string) => void,
): Promise<{ release(): Promise<void> } | null> {
  const connection = await sql.reserve();
  let announced = false;
  while (!cancelled()) {
    const [row] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(${PROJECTOR_LOCK_KEY}) as locked`;
    if (row?.locked) {
      return {
        async release() {
          await connection`select pg_advisory_unlock(${PROJECTOR_LOCK_KEY})`;
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
