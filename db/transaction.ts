// Transactions on a connection of their own, so that the last statement and
// its COMMIT can travel in one write.
//
// Why not drizzle's `db.transaction`: postgres.js sends COMMIT only once the
// callback has resolved, i.e. after the last statement's reply has crossed
// back to this process and its event loop got round to it. For a command
// that last statement is the event-log append, which holds the log's lock
// until COMMIT: every other writer queued behind the web process's reaction
// time (measured by `npm run bench`, scenario 2; bench/FINDINGS.md).
import type { Query } from 'drizzle-orm';
import type { ParameterOrJSON, PendingQuery, Row } from 'postgres';
import { drizzleOn, type DbHandle, type Sql } from './client';
import type { Tx } from './tx';

export interface Transaction {
  /** drizzle on the transaction's connection. */
  db: Tx;
  /** The same connection, for statements written with postgres.js. */
  sql: Sql;
  /**
   * Sends statements that return nothing (drizzle inserts, updates) in one
   * write, in this order, and resolves once all are done: one round trip
   * instead of one each. The first failure rejects; the ones after it fail too.
   */
  pipeline(...statements: { toSQL(): Query }[]): Promise<void>;
  /**
   * Ends the transaction with `statement`: sends it and COMMIT together and
   * resolves with its rows once both are done. If the statement fails, the
   * COMMIT finds the transaction aborted and rolls it back; the statement's
   * error is thrown. Must be the last thing the transaction does.
   */
  commitWith<T extends readonly Row[]>(statement: PendingQuery<T>): Promise<T>;
}

export type TransactionMode = 'read write' | 'repeatable read, read only';

export async function transaction<T>(
  { sql }: DbHandle,
  work: (tx: Transaction) => Promise<T>,
  mode: TransactionMode = 'read write',
): Promise<T> {
  const connection = await sql.reserve();
  try {
    return await run(connection, drizzleOn(connection, sql), work, mode);
  } finally {
    // Before anything else can fail: an unreleased connection hangs `sql.end()`.
    connection.release();
  }
}

async function run<T>(connection: Sql, db: Tx, work: (tx: Transaction) => Promise<T>, mode: TransactionMode): Promise<T> {
  let ended = false;
  const tx: Transaction = {
    db,
    sql: connection,
    async pipeline(...statements) {
      const sent = statements.map((s) => {
        const { sql: text, params } = s.toSQL();
        return connection.unsafe(text, params as ParameterOrJSON<never>[], { prepare: true }).execute();
      });
      await Promise.all(sent);
    },
    async commitWith(statement) {
      if (ended) throw new Error('the transaction has already ended');
      ended = true;
      // Dispatched in this order, synchronously: postgres.js queues both on the
      // connection and writes them to the socket together.
      statement.execute();
      const commit = connection`commit`.execute();
      const [done, committed] = await Promise.allSettled([statement, commit]);
      if (done.status === 'rejected') throw done.reason;
      if (committed.status === 'rejected') throw committed.reason;
      return done.value;
    },
  };
  try {
    await connection.unsafe(mode === 'read write' ? 'begin' : 'begin isolation level repeatable read, read only');
    const result = await work(tx);
    if (!ended) {
      ended = true;
      await connection`commit`;
    }
    return result;
  } catch (error) {
    if (!ended) await connection`rollback`.catch(() => {});
    throw error;
  }
}
