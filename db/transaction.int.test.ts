// commitWith sends a command's writes, its last statement (the event-log
// append, which takes the log's lock) and COMMIT together: one round trip,
// and Postgres never holds the lock waiting for this process (every other
// writer queues behind that wait).
// Measured by `npm run bench`, scenario 2 ("of which its holder waits on
// client"); docs/decisions/010.
import net from 'node:net';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { connectDb, drizzleOn } from './client';
import { transaction } from './transaction';

/** A pool of one connection whose socket records each write this process makes to Postgres. */
function recordedPool() {
  const target = new URL(inject('databaseUrl'));
  const writes: Buffer[] = [];
  // `socket` is documented ("Custom socket" in postgres.js's README) but missing from its types.
  const options: postgres.Options<Record<string, never>> & { socket: () => Promise<net.Socket> } = {
    max: 1,
    onnotice: () => {},
    socket: () =>
      new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect(Number(target.port), target.hostname, () => resolve(socket)).once('error', reject);
        const write = socket.write.bind(socket) as (chunk: Buffer, ...rest: unknown[]) => boolean;
        socket.write = ((chunk: Buffer, ...rest: unknown[]) => (writes.push(Buffer.from(chunk)), write(chunk, ...rest))) as typeof socket.write;
      }),
  };
  const sql = postgres(target.toString(), options);
  return { pool: { sql, db: drizzleOn(sql) }, writes };
}

describe('a transaction ended by commitWith', () => {
  for (const size of [100, 2_000, 20_000]) {
    it(`sends its writes, its last statement (${size} bytes of parameters) and COMMIT in one write`, async () => {
      const { pool, writes } = recordedPool();
      const padding = 'p'.repeat(size);
      try {
        const run = () =>
          transaction(pool, async (tx) => {
            await tx.sql`select 1`;
            return tx.commitWith([{ sql: 'select $1::int', params: [1] }], tx.sql<{ length: number }[]>`select length(${padding}::text) as length`);
          });
        // The first run prepares the statement (Parse and Describe, then a round trip): as a command's append is after its first use.
        await run();
        writes.length = 0;
        const rows = await run();
        expect(rows[0]?.length).toBe(size);
        // COMMIT is sent after the last statement: in the same write, nothing follows that write.
        const withLast = writes.findIndex((w) => w.includes(padding));
        expect(withLast).toBe(writes.length - 1);
        // And the write went with them: after the reads (BEGIN and `select 1`), this was the only write.
        expect(writes).toHaveLength(2);
      } finally {
        await pool.sql.end({ timeout: 1 });
      }
    });
  }

  it('when a write fails, throws that write\'s error and keeps nothing: not the writes before it, not the last statement', async () => {
    const pool = connectDb(inject('databaseUrl'), { max: 1 });
    const key = `commit-with-${process.pid}-${Date.now()}`;
    const kept = async (k: string) => (await pool.sql<{ n: number }[]>`select count(*)::int as n from idempotency_keys where key = ${k}`)[0]!.n;
    try {
      const failed = await transaction(pool, async (tx) => {
        const [user] = await tx.sql<{ id: string }[]>`select id from users limit 1`;
        return tx.commitWith(
          [
            { sql: `insert into idempotency_keys (user_id, key, command, request_hash) values ($1, $2, 'test', 'test')`, params: [user!.id, key] },
            // lab_settings has its one row already: a unique violation.
            { sql: 'insert into lab_settings select * from lab_settings where id = 1', params: [] },
          ],
          tx.sql`insert into idempotency_keys (user_id, key, command, request_hash) values (${user!.id}, ${`${key}-last`}, 'test', 'test')`,
        );
      }).catch((error: { code?: string }) => error);
      expect(failed).toMatchObject({ code: '23505' });
      expect(await kept(key)).toBe(0);
      expect(await kept(`${key}-last`)).toBe(0);
      // The connection is back in the pool with no transaction open.
      expect(await transaction(pool, async (tx) => (await tx.sql<{ one: number }[]>`select 1 as one`)[0]!.one)).toBe(1);
    } finally {
      await pool.sql.end({ timeout: 1 });
    }
  });
});
