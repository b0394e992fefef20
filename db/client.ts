// The one Postgres client module. Connections are created lazily so that
// importing a module never opens a socket (the Next build imports route files).
import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';

export type Sql = postgres.Sql;
export type Db = PostgresJsDatabase;

export interface DbHandle {
  sql: Sql;
  db: Db;
}

/** The longest a pooled connection waits before it tries Postgres again. */
const MAX_RECONNECT_DELAY_S = 0.5;

export function connectDb(url: string, opts: { max?: number } = {}): DbHandle {
  const sql = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    // A transaction left open by a stuck request must not hold the append lock
    // (and so the whole event log) forever.
    connection: { idle_in_transaction_session_timeout: 15_000, application_name: 'bookstore' },
    // Seconds before a closed connection reconnects. postgres.js's default grows
    // with every failed attempt of the whole pool to 10-20 s, so after a short
    // outage under load every connection slept that long and commands waited
    // with Postgres already back. Refused attempts cost Postgres nothing: cap it.
    backoff: (attempt) => Math.min(0.05 * 2 ** attempt, MAX_RECONNECT_DELAY_S),
  });
  return { sql, db: drizzleOn(sql) };
}

/**
 * drizzle over a postgres.js client, with prepared statements. For one
 * connection reserved from a pool, pass the pool as `pool`: a reserved
 * connection has no `options` of its own, and drizzle registers its type
 * parsers there (they are shared with the pool's connections).
 */
export function drizzleOn(sql: Sql, pool: Sql = sql): Db {
  // No `schema`: we use the query builder, not relational queries, and drizzle
  // would rebuild the relational config for every transaction's connection.
  return drizzle(preparedStatements(sql, pool));
}

/**
 * drizzle's postgres.js driver sends every statement unnamed (`unsafe(text,
 * params, { prepare: false })`, drizzle-orm#6096), and postgres.js sends an
 * unnamed statement with parameters as Parse/Describe first, then waits for
 * the reply before Bind/Execute: two round trips per statement, and nothing
 * can be pipelined behind it. Named statements are prepared once per
 * connection (postgres.js caches them by text) and then cost one round trip.
 * Our statements have a bounded set of shapes, so the cache stays small.
 */
function preparedStatements(sql: Sql, pool: Sql): Sql {
  const unsafe: Sql['unsafe'] = (query, parameters, options) => sql.unsafe(query, parameters, { ...options, prepare: true });
  return new Proxy(sql, {
    get: (target, prop, receiver) => {
      if (prop === 'unsafe') return unsafe;
      if (prop === 'options') return pool.options;
      return Reflect.get(target, prop, receiver);
    },
  });
}

// One pool per process, shared by Next route handlers, server actions and the worker.
const globalForDb = globalThis as unknown as { __bookstoreDb?: DbHandle };

export function sharedDb(url: string): DbHandle {
  globalForDb.__bookstoreDb ??= connectDb(url);
  return globalForDb.__bookstoreDb;
}
