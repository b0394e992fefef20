import { env } from '@/server/env';
import { migrateDatabase } from './prepare';

await migrateDatabase(env().DATABASE_URL);
console.log('migrations applied');
