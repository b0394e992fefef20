import { prepareDatabase } from './prepare-database';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL (npm start sets it for you)');
await prepareDatabase(url, console.log);
