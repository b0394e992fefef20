// One more web process beside the int stack's own, on the same Postgres and
// Redis unless `env` says otherwise: for what the stack's processes must not
// have (small limits, demo mode, a Redis the test can cut off).
import path from 'node:path';
import { inject } from 'vitest';
import { startWeb, waitForHealthy, type AppEnv } from '@/server/dev/app-processes';
import { tail, type Child } from '@/server/dev/child-process';
import { freePort } from '@/server/dev/free-port';

/** Started and answering its health check; its log is `.data/test-int/web-<name>.log`. */
export async function startExtraWeb(name: string, env: Partial<AppEnv>): Promise<{ url: string; web: Child }> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const logFile = path.resolve(`.data/test-int/web-${name}.log`);
  const web = startWeb(
    { DATABASE_URL: inject('databaseUrl'), REDIS_URL: inject('redisUrl'), SESSION_SECRET: inject('sessionSecret'), NODE_ENV: 'production', ...env },
    port,
    { logFile },
  );
  await waitForHealthy(url, web).catch((error: Error) => {
    throw new Error(`${error.message}\n--- ${logFile} ---\n${tail(logFile)}`);
  });
  return { url, web };
}
