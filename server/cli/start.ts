// `npm start` (and `npm run dev` with --dev): services, migrations, seed,
// build, web instance(s) and the projector worker. Ctrl-C stops all of it.
import path from 'node:path';
import { startWeb, startWorker, waitForHealthy, type AppEnv } from '@/server/dev/app-processes';
import { buildIfNeeded } from '@/server/dev/build-if-needed';
import type { Child } from '@/server/dev/child-process';
import { sessionSecret } from '@/server/dev/session-secret';
import { forgetRunningServices, recordRunningServices } from '@/server/dev/running-services';
import { ensureServices } from '@/server/dev/services';
import { prepareDatabase } from '@/server/setup/prepare-database';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@/server/setup/seed';

const dev = process.argv.includes('--dev');
const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);
const instances = Math.max(1, Number(process.env.WEB_INSTANCES ?? 1));
const say = (m: string) => console.log(`[start] ${m}`);

const services = await ensureServices({ dataDir, durable: true, log: say });
recordRunningServices(dataDir, services);
const children: Child[] = [];
let stopping = false;

async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  say('stopping...');
  await Promise.all(children.map((c) => c.stop('SIGTERM')));
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
  // The worker's own health endpoint sits beside the web ports.
  const workerHealthPort = Number(process.env.WORKER_HEALTH_PORT ?? port + 100);
  children.push(startWorker({ ...env, WORKER_HEALTH_PORT: String(workerHealthPort) }, prefixed('worker')));
  const webs = Array.from({ length: instances }, (_, i) => startWeb(env, port + i, prefixed(instances > 1 ? `web:${port + i}` : 'web')));
  children.push(...webs);
  for (const child of children) {
    void child.exited.then((code) => {
      if (!stopping) {
        say(`${child.name} exited unexpectedly (code ${code}); shutting down`);
        void stopAll(1);
      }
    });
  }
  await Promise.all(webs.map((web, i) => waitForHealthy(`http://localhost:${port + i}`, web, dev ? 120_000 : 60_000)));
  const urls = webs.map((_, i) => `http://localhost:${port + i}`).join(', ');
  say(`Bookstore ready at ${urls}`);
  say(`demo accounts (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => `${a.email} (${a.role})`).join(', ')}`);
  say(env.DEMO_MODE === '1' ? 'demo mode: every signed-in user may use the lab and change prices (DEMO_MODE=0 keeps that to admins)' : 'demo mode off: the lab is for admins');
  say('Ctrl-C stops everything');
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  await stopAll(1);
}
