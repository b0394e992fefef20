// Reads from the write side, for when the read model is behind what the caller
// has already seen. One REPEATABLE READ snapshot holds both the data and the
// log head, and appends commit in position order, so the data reflects exactly
// the events up to the head it reports.
import { sql } from 'drizzle-orm';
import type { DbHandle } from '@/db/client';
import { transaction } from '@/db/transaction';
import type { Tx } from '@/db/tx';
import type { ProjectionStamp } from '@/server/contracts/api';

export async function readFromPrimary<T>(
  handle: DbHandle,
  read: (tx: Tx) => Promise<T>,
): Promise<{ data: T; projection: ProjectionStamp }> {
  return transaction(
    handle,
    async ({ db }) => {
      const [head] = await db.execute<{ head: string }>(sql`select coalesce(max(position), 0) as head from events`);
      const data = await read(db);
      return { data, projection: { position: Number(head?.head ?? 0), source: 'primary' as const } };
    },
    'repeatable read, read only',
  );
}
