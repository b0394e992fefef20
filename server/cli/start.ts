// `npm start` (and `npm run dev` with --dev): services, migrations, seed,
// build, web instance(s), the projector worker and a standby. Every process
// is supervised: one that dies is restarted (server/dev/supervise.ts), and the
// standby takes over projecting within about 0.5 s. Ctrl-C stops all of it.
import path from 'node:path';
import { startWeb, startWorker, waitForHealthy, type AppEnv } from '@/server/dev/app-processes';
import { buildIfNeeded } from '@/server/dev/build-if-needed';
import { supervise, type Supervised } from '@/server/dev/supervise';
import { sessionSecret } from '@/server/dev/session-secret';
import { forgetRunningServices, recordRunningServices } from '@/server/dev/running-services';
import { ensureServices } from '@/server/dev/services';
import { launcherEnv } from '@/server/env';
import { prepareDatabase } from '@/server/setup/prepare-database';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@/server/setup/seed';

const dev = process.argv.includes('--dev');
const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
const { PORT: port, WEB_INSTANCES: instances } = launcherEnv();
const say = (m: string) => console.log(`[start] ${m}`);

const services = await ensureServices({ dataDir, durable: true, log: say });
recordRunningServices(dataDir, services);
const children: Supervised[] = [];
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  say('stopping...');
  await Promise.all(children.map((c) => c.stop()));
  await services.stop();
  forgetRunningServices(dataDir);
  say('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  await prepareDatabase(services.databaseUrl, say);
  if (!dev) buildIfNeeded(say);
  const env: AppEnv = {
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    SESSION_SECRET: sessionSecret(dataDir),
    NODE_ENV: dev ? 'development' : 'production',
    // A local demo opens the lab to every signed-in user; `DEMO_MODE=0 npm start` keeps it admin-only.
    DEMO_MODE: process.env.DEMO_MODE ?? '1',
  };
  const prefixed = (name: string) => ({ onLine: (line: string) => console.log(`[${name}] ${line}`) });
  // Two workers: one projects, the other stands by on the leader lock. Their health endpoints sit beside the web ports.
  const workerHealthPort = Number(process.env.WORKER_HEALTH_PORT ?? port + 100);
  for (const [i, name] of ['worker', 'worker-2'].entries()) {
    const healthPort = String(workerHealthPort + i);
    children.push(supervise(name, () => startWorker({ ...env, WORKER_HEALTH_PORT: healthPort }, prefixed(name)), say));
  }
  const webs = Array.from({ length: instances }, (_, i) => {
    const name = instances > 1 ? `web:${port + i}` : 'web';
    return supervise(name, () => startWeb(env, port + i, prefixed(name)), say);
  });
  children.push(...webs);
  await Promise.all(webs.map((web, i) => waitForHealthy(`http://localhost:${port + i}`, web.current(), dev ? 120_000 : 60_000)));
  const urls = webs.map((_, i) => `http://localhost:${port + i}`).join(', ');
  say(`Bookstore ready at ${urls}`);
  say(`demo accounts (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => `${a.email} (${a.role})`).join(', ')}`);
  say(env.DEMO_MODE === '1' ? 'demo mode: every signed-in user may use the lab and change prices (DEMO_MODE=0 keeps that to admins)' : 'demo mode off: the lab is for admins');
  say('Ctrl-C stops everything');
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
