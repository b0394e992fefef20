// The SQL baseline is a hand-written copy of what the place-order command
// sends; if the command changes, the copy goes stale silently and the ratio
// lies. This runs the real command once in this process and the baseline
// once, both on a postgres.js client that records every statement, and
// compares the sequences by their leading keyword (begin, insert, select...).
import postgres from 'postgres';
import { drizzleOn, type DbHandle } from '@/db/client';
import { placeOrder } from '@/server/commands/place-order';
import type { SessionUser } from '@/server/contracts/api';
import { placeOrderSql } from './place-order-sql';

/** A statement's kind: its first keyword, or for a CTE the verbs it contains. */
function kind(query: string): string {
  const q = query.trim().toLowerCase();
  if (!q.startsWith('with')) return q.split(/\s+/)[0]!;
  const verbs = ['insert', 'update', 'delete', 'pg_advisory_xact_lock', 'pg_notify'].filter((v) => q.includes(v));
  return `with(${verbs.join('+')})`;
}

async function recorded(databaseUrl: string, run: (handle: DbHandle) => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const sql = postgres(databaseUrl, {
    max: 1,
    onnotice: () => {},
    // postgres.js's own query of array types on connecting is not the command's.
    debug: (_connection, query) => void (query.includes('pg_catalog.pg_type') || statements.push(kind(query))),
  });
  // drizzle installs its own type serializers on the client, as on the app's and the bench's pools.
  const handle = { sql, db: drizzleOn(sql) };
  try {
    await run(handle);
  } finally {
    await sql.end({ timeout: 5 });
  }
  // The lab's command-faults check is skipped in steady state (see place-order-sql.ts); LISTEN is its bookkeeping.
  return statements.filter((s) => !/^(listen|unlisten)$/.test(s));
}

export async function checkBaselineShape(databaseUrl: string, customer: SessionUser, bookId: string) {
  const app = await recorded(databaseUrl, (db) => placeOrder({ user: customer, input: { lines: [{ bookId, quantity: 1 }] } }, { db }));
  const baseline = await recorded(databaseUrl, (db) => placeOrderSql(db.sql, customer.id, bookId));
  // The first command of a process checks the lab's command faults (server/lab/command-faults.ts) with one
  // UPDATE on lab_settings, a CTE; later ones skip it while the process knows they are disarmed.
  const steady = (app[0] === 'update' || app[0] === 'with(update)') && app.length === baseline.length + 1 ? app.slice(1) : app;
  return { app, baseline, matches: steady.join(',') === baseline.join(',') };
}
