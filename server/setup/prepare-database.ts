// Brings a database to the current schema and demo data: migrations, then seed.
import { connectDb } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { seed } from './seed';

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
