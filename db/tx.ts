import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';

/** What a statement inside a transaction needs: drizzle on the transaction's connection (db/transaction.ts). */
export type Tx = PgDatabase<PostgresJsQueryResultHKT>;
