import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import type * as schema from './schema';

/** What a statement inside a transaction needs: drizzle on the transaction's connection (db/transaction.ts). */
export type Tx = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;
