// Brings a database to the current schema and demo data: migrations, then seed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { connectDb } from './client';
import { seed } from './seed';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const handle = connectDb(databaseUrl, { max: 1 });
  try {
    await migrate(handle.db, { migrationsFolder });
  } finally {
    await handle.sql.end();
  }
}

export async function prepareDatabase(databaseUrl: string, log: (m: string) => void = () => {}): Promise<void> {
  await migrateDatabase(databaseUrl);
  log('migrations applied');
  const handle = connectDb(databaseUrl, { max: 2 });
  try {
    await seed(handle, log);
  } finally {
    await handle.sql.end();
  }
}
