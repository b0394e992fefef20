// Starting the app's own processes (web instances, the projector worker) with
// the environment they need, and waiting until the web answers.
import { startChild, type Child } from './child-process';

export interface AppEnv {
  DATABASE_URL: string;
  REDIS_URL: string;
  SESSION_SECRET: string;
  NODE_ENV: 'production' | 'development';
  WORKER_HEALTH_PORT?: string;
  /** `1` or `0` (server/env.ts); unset is off. */
  DEMO_MODE?: string;
  /** The doors' limits (server/env.ts, server/auth/rate-limits.ts); unset is each one's default. */
  COMMAND_RATE_LIMIT?: string;
  COMMAND_RATE_WINDOW_SECONDS?: string;
  SIGNIN_MAX_FAILURES?: string;
  SIGNIN_IP_MAX_FAILURES?: string;
  SIGNIN_BLOCK_SECONDS?: string;
  SIGNIN_IP_BLOCK_SECONDS?: string;
  /** Proxies whose X-Forwarded-For is believed (server/env.ts); unset is none. */
  TRUSTED_PROXIES?: string;
}

interface Output {
  logFile?: string;
  onLine?: (line: string) => void;
}

const tsx = (entry: string) => [process.execPath, ['--import', 'tsx', entry]] as const;

export function startWeb(env: AppEnv, port: number, output: Output): Child {
  const [cmd, args] = tsx('server/web-main.ts');
  return startChild(`web:${port}`, cmd, [...args], {
    env: { ...process.env, ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' },
    ...output,
  });
}

export function startWorker(env: AppEnv, output: Output): Child {
  const [cmd, args] = tsx('server/projector/worker-main.ts');
  return startChild('worker', cmd, [...args], { env: { ...process.env, ...env }, ...output });
}

export async function waitForHealthy(baseUrl: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited before it was ready`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${child.name} did not answer ${baseUrl}/api/health within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
