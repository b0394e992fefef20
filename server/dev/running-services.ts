// `npm start` records where its Postgres and Redis listen, so operator commands
// run beside it (`npm run rebuild`) find them without any configuration.
import fs from 'node:fs';
import path from 'node:path';

export interface ServiceUrls {
  databaseUrl: string;
  redisUrl: string;
}

const fileIn = (dataDir: string) => path.join(dataDir, 'running-services.json');

export function recordRunningServices(dataDir: string, urls: ServiceUrls): void {
  fs.writeFileSync(fileIn(dataDir), JSON.stringify(urls, null, 2));
}

export function forgetRunningServices(dataDir: string): void {
  fs.rmSync(fileIn(dataDir), { force: true });
}

/** DATABASE_URL and REDIS_URL from the environment, else those of a running `npm start`. */
export function findRunningServices(dataDir: string): ServiceUrls | null {
  const { DATABASE_URL, REDIS_URL } = process.env;
  if (DATABASE_URL && REDIS_URL) return { databaseUrl: DATABASE_URL, redisUrl: REDIS_URL };
  try {
    return JSON.parse(fs.readFileSync(fileIn(dataDir), 'utf8')) as ServiceUrls;
  } catch {
    return null;
  }
}
