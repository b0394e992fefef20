// The whole app for a test run: fresh private Postgres + Redis (fsync off) on
// free ports, migrated and seeded, the built web server and a worker. Logs go
// to files so test output stays readable; they are quoted when startup fails.
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { startWeb, startWorker, waitForHealthy, type AppEnv } from './app-processes';
import { buildIfNeeded } from './build-if-needed';
import { tail, type Child } from './child-process';
import { freePort } from './free-port';
import { ensureServices } from './services';
import { prepareDatabase } from '@/server/setup/prepare-database';

export interface TestStack {
  baseUrl: string;
  databaseUrl: string;
  redisUrl: string;
  sessionSecret: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestStack(opts: {
  name: string;
  withWeb: boolean;
  withWorker: boolean;
  port?: number;
  log?: (m: string) => void;
}): Promise<TestStack> {
  const log = opts.log ?? ((m: string) => console.log(`[${opts.name}] ${m}`));
  const dataDir = path.resolve('.data', `test-${opts.name}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const services = await ensureServices({ dataDir, durable: false, pgPort: 0, redisPort: 0, log });
  const children: Child[] = [];
  const stop = async () => {
    await Promise.all(children.map((c) => c.stop('SIGTERM')));
    await services.stop();
  };
  try {
    await prepareDatabase(services.databaseUrl);
    // Tests set their own lag; start from none.
    const sql = postgres(services.databaseUrl, { max: 1, onnotice: () => {} });
    await sql`update lab_settings set delay_ms = 0, paused = false, fail_next_command = false where id = 1`;
    await sql.end();

    const env: AppEnv = {
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      SESSION_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      NODE_ENV: 'production',
    };
    const port = opts.port ?? (await freePort());
    const baseUrl = `http://localhost:${port}`;
    if (opts.withWorker) children.push(startWorker(env, { logFile: path.join(dataDir, 'worker.log') }));
    if (opts.withWeb) {
      buildIfNeeded(log);
      const webLog = path.join(dataDir, 'web.log');
      const web = startWeb(env, port, { logFile: webLog });
      children.push(web);
      await waitForHealthy(baseUrl, web).catch((error: Error) => {
        throw new Error(`${error.message}\n--- web.log ---\n${tail(webLog)}`);
      });
    }
    return { baseUrl, databaseUrl: services.databaseUrl, redisUrl: services.redisUrl, sessionSecret: env.SESSION_SECRET, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
