// Transactions on a connection of their own, written so that a command costs
// two round trips to Postgres: its reads (BEGIN travels with them), then its
// writes, the event-log append and COMMIT together.
//
// Why not drizzle's `db.transaction`: it awaits BEGIN, awaits each statement,
// and sends COMMIT only once the callback has resolved, i.e. after the last
// reply has crossed back to this process and its event loop got round to it.
// For a command that last statement is the event-log append, which holds the
// log's lock until COMMIT: every other writer queued behind the web process's
// reaction time. And on a small machine each round trip is CPU too (a write
// and a read syscall at both ends). Measured by `npm run bench`, scenario 2;
// see bench/FINDINGS.md.
//
// postgres.js writes everything queued on a connection within one tick in one
// write (up to 64 KiB: patched, decision 010), and Postgres runs it in order;
// after a failure it runs the rest against an aborted transaction, so they
// fail too and COMMIT rolls back.
import type { Query } from 'drizzle-orm';
import type { PendingQuery, Row } from 'postgres';
import { drizzleOn, type DbHandle, type Sql } from './client';
import { send } from './statement';
import type { Tx } from './tx';

export interface Transaction {
  /** drizzle on the transaction's connection (made on first use: the commands' own statements are built once, db/statement.ts). */
  readonly db: Tx;
  /** The same connection, for statements written with postgres.js. */
  sql: Sql;
  /**
   * Ends the transaction: sends `writes` (statements not yet sent, an insert,
   * update or delete each), `last` and COMMIT together, in order, and
   * resolves with `last`'s rows. The first failure is thrown; whichever it
   * was, Postgres ran everything after it against the aborted transaction
   * and COMMIT rolled it all back. Must be the last thing the transaction
   * does. `holdMs` (the lab's `holdNextAppendMs`) keeps the transaction open
   * that long between `last` and COMMIT.
   */
  commitWith<T extends readonly Row[]>(writes: readonly Query[], last: PendingQuery<T>, opts?: { holdMs?: number }): Promise<T>;
}

export type TransactionMode = 'read write' | 'repeatable read, read only';

const BEGIN: Record<TransactionMode, string> = {
  'read write': 'begin',
  'repeatable read, read only': 'begin isolation level repeatable read, read only',
};

export async function transaction<T>(
  { sql }: DbHandle,
  work: (tx: Transaction) => Promise<T>,
  mode: TransactionMode = 'read write',
): Promise<T> {
  const connection = await sql.reserve();
  try {
    return await run(connection, () => drizzleOn(connection, sql), work, mode);
  } finally {
    // Before anything else can fail: an unreleased connection hangs `sql.end()`.
    connection.release();
  }
}

async function run<T>(connection: Sql, makeDb: () => Tx, work: (tx: Transaction) => Promise<T>, mode: TransactionMode): Promise<T> {
  let ended = false;
  let db: Tx | undefined;
  const tx: Transaction = {
    get db() {
      return (db ??= makeDb());
    },
    sql: connection,
    async commitWith<R extends readonly Row[]>(writes: readonly Query[], last: PendingQuery<R>, opts: { holdMs?: number } = {}): Promise<R> {
      if (ended) throw new Error('the transaction has already ended');
      const pending = writes.map((write) => send(connection, write));
      // From here COMMIT ends the transaction, whatever fails before it.
      ended = true;
      // One write, so one round trip, and `last` (the append, which takes the
      // log's lock) is never apart from its COMMIT: Postgres holds the lock
      // only as long as it takes to run them (db/transaction.int.test.ts).
      const sent = pending.map((statement) => statement.execute());
      last.execute();
      // In the database, not here: the lock is held exactly as long as a slow writer would hold it.
      if (opts.holdMs) connection`select pg_sleep(${opts.holdMs / 1000})`.execute().catch(() => undefined);
      const commit = connection`commit`.execute();
      const settled = await Promise.allSettled([...sent, last, commit]);
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      return last;
    },
  };
  // Not awaited: BEGIN goes out with the transaction's first statement. If it
  // fails, so do they; its own error is the one worth reporting.
  const begun = connection.unsafe(BEGIN[mode]).execute();
  begun.catch(() => {});
  try {
    const result = await work(tx);
    await begun;
    if (!ended) {
      ended = true;
      await connection`commit`;
    }
    return result;
  } catch (error) {
    await begun;
    if (!ended) await connection`rollback`.catch(() => {});
    throw error;
  }
}
