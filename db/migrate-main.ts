import { migrateDatabase } from './migrate';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL (npm start sets it for you)');
await migrateDatabase(url);
console.log('migrations applied');
