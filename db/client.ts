// The one Postgres client module. Connections are created lazily so that
// importing a module never opens a socket (the Next build imports route files).
import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema';

export type Sql = postgres.Sql;
export type Db = PostgresJsDatabase<typeof schema>;

export interface DbHandle {
  sql: Sql;
  db: Db;
}

export function connectDb(url: string, opts: { max?: number } = {}): DbHandle {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    // A transaction left open by a stuck request must not hold the append lock
    // (and so the whole event log) forever.
    connection: { idle_in_transaction_session_timeout: 15_000, application_name: 'bookstore' },
  });
  return { sql, db: drizzle(sql, { schema }) };
}

// One pool per process, shared by Next route handlers, server actions and the worker.
const globalForDb = globalThis as unknown as { __bookstoreDb?: DbHandle };

export function sharedDb(url: string): DbHandle {
  globalForDb.__bookstoreDb ??= connectDb(url);
  return globalForDb.__bookstoreDb;
}
