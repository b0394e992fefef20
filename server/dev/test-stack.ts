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
import { ensureServices, type Services } from './services';
import { supervise } from './supervise';
import { prepareDatabase } from '@/server/setup/prepare-database';

export interface TestStack {
  baseUrl: string;
  /** One per web instance; baseUrl is the first. */
  webUrls: string[];
  databaseUrl: string;
  redisUrl: string;
  sessionSecret: string;
  dataDir: string;
  /** Stop and start Postgres or Redis alone, for fault tests. */
  services: Pick<Services, 'postgres' | 'redis'>;
  /** The web instances' process ids, in webUrls order (for memory figures). */
  webPids(): number[];
  /** The workers' process ids now (a supervised worker gets a new one after each crash). */
  workerPids(): number[];
  /** Stops web instance `i` (SIGTERM, as a deploy does, or SIGKILL, as a crash does) and starts it again on its port; resolves once it is healthy. */
  restartWeb(i: number, signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestStack(opts: {
  name: string;
  withWeb: boolean;
  withWorker: boolean;
  /** Supervised workers with `withWorker`: one is active, the others stand by (default 1). */
  workers?: number;
  /** Redis with its append-only file on, to restart from it (the soak). */
  redisAof?: boolean;
  port?: number;
  /** Web processes on consecutive ports from `port` (default 1), like WEB_INSTANCES. */
  webInstances?: number;
  /** DEMO_MODE for the web and worker processes; off unless asked, whatever the shell says. */
  demoMode?: boolean;
  /**
   * COMMAND_RATE_LIMIT (commands per user per minute); 0, no limit, unless asked:
   * the bench measures throughput and the load test runs 20 customers flat out,
   * and a limit of its own is proven by server/auth/rate-limits.int.test.ts.
   */
  commandRateLimit?: number;
  /** TRUSTED_PROXIES for the web instances (none unless asked; the int stack trusts loopback for the nginx test). */
  trustedProxies?: string;
  log?: (m: string) => void;
}): Promise<TestStack> {
  const log = opts.log ?? ((m: string) => console.log(`[${opts.name}] ${m}`));
  const dataDir = path.resolve('.data', `test-${opts.name}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const services = await ensureServices({ dataDir, durable: false, redisAof: opts.redisAof, pgPort: 0, redisPort: 0, log });
  const children: { stop(): Promise<unknown> }[] = [];
  const stop = async () => {
    await Promise.all(children.map((c) => c.stop()));
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
      DEMO_MODE: opts.demoMode ? '1' : '0',
      COMMAND_RATE_LIMIT: String(opts.commandRateLimit ?? 0),
      TRUSTED_PROXIES: opts.trustedProxies ?? '',
    };
    const ports = await Promise.all(Array.from({ length: opts.webInstances ?? 1 }, (_, i) => (opts.port ? opts.port + i : freePort())));
    const webUrls = ports.map((p) => `http://localhost:${p}`);
    // Supervised as under `npm start`: the lab's "Kill active worker" kills it, and later tests still need one.
    const workers = opts.withWorker
      ? Array.from({ length: opts.workers ?? 1 }, (_, i) => {
          const name = i === 0 ? 'worker' : `worker-${i + 1}`;
          return supervise(name, () => startWorker(env, { logFile: path.join(dataDir, `${name}.log`) }), log);
        })
      : [];
    children.push(...workers);
    const webs: Child[] = [];
    const launchWeb = async (i: number) => {
      const webLog = path.join(dataDir, `web-${i + 1}.log`);
      const web = startWeb(env, ports[i]!, { logFile: webLog });
      webs[i] = web;
      await waitForHealthy(webUrls[i]!, web).catch((error: Error) => {
        throw new Error(`${error.message}\n--- ${webLog} ---\n${tail(webLog)}`);
      });
    };
    children.push({ stop: () => Promise.all(webs.map((w) => w.stop('SIGTERM'))) });
    if (opts.withWeb) {
      buildIfNeeded(log);
      await Promise.all(webUrls.map((_, i) => launchWeb(i)));
    }
    const webPids = () => webs.map((w) => w.process.pid!);
    const workerPids = () => workers.map((w) => w.current().process.pid!);
    const restartWeb = async (i: number, signal: NodeJS.Signals = 'SIGTERM') => {
      await webs[i]!.stop(signal);
      await launchWeb(i);
    };
    return { baseUrl: webUrls[0]!, webUrls, databaseUrl: services.databaseUrl, redisUrl: services.redisUrl, sessionSecret: env.SESSION_SECRET, dataDir, services, webPids, workerPids, restartWeb, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
