// Configuration is parsed once; a process with missing or bad config refuses to
// start and says exactly what to set.
import proxyaddr from 'proxy-addr';
import { z } from 'zod';

/** A `0`/`1` switch, off when unset; a bad value says what the switch does. */
const flag = (name: string, on: string) =>
  z
    .enum(['0', '1'], { message: `set ${name} to 1 (${on}) or 0, or leave it unset (0)` })
    .default('0')
    .transform((v) => v === '1');

const port = z.coerce.number({ message: 'set PORT to a port number' }).int('set PORT to a port number').min(1).max(65535).default(3000);

/** A whole number of something, from `min` up; a bad value says what the setting means. */
const count = (name: string, meaning: string, fallback: number, min = 1) =>
  z.coerce
    .number({ message: `set ${name} to ${meaning}` })
    .int(`set ${name} to a whole number (${meaning})`)
    .min(min, `set ${name} to at least ${min} (${meaning})`)
    .default(fallback);

const schema = z.object({
  DATABASE_URL: z.url({ message: 'set DATABASE_URL to a postgres:// URL (npm start sets it for you)' }),
  REDIS_URL: z.url({ message: 'set REDIS_URL to a redis:// URL (npm start sets it for you)' }),
  SESSION_SECRET: z.string().min(32, 'set SESSION_SECRET to at least 32 random characters'),
  PORT: port,
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** The worker answers GET /api/health on this port when set. */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** `1`: every signed-in user may use the lab and change prices (server/lab/demo-mode.ts). Off when unset; `npm start` turns it on. */
  DEMO_MODE: flag('DEMO_MODE', 'anyone signed in may use the lab; 0: admins only'),
  /** `1` behind TLS: the session cookie is sent over HTTPS only. The demo runs on plain http://localhost. */
  COOKIE_SECURE: flag('COOKIE_SECURE', 'the session cookie goes over HTTPS only'),
  // Sign-in throttling (server/auth/rate-limits.ts): failures only; a success resets the account's count.
  SIGNIN_MAX_FAILURES: count('SIGNIN_MAX_FAILURES', 'how many wrong passwords in a row one address may try for one account', 10),
  SIGNIN_IP_MAX_FAILURES: count('SIGNIN_IP_MAX_FAILURES', 'how many failed sign-ins one address may make per hour, any account', 100),
  SIGNIN_BLOCK_SECONDS: count('SIGNIN_BLOCK_SECONDS', 'how long an account is refused to that address after too many failures', 60),
  SIGNIN_IP_BLOCK_SECONDS: count('SIGNIN_IP_BLOCK_SECONDS', 'how long an address is refused after too many failures', 300),
  /** Commands per signed-in user per COMMAND_RATE_WINDOW_SECONDS; 0 turns the limit off (the bench and the test stack do). */
  COMMAND_RATE_LIMIT: count('COMMAND_RATE_LIMIT', 'how many commands one user may send per window, or 0 for no limit', 300, 0),
  COMMAND_RATE_WINDOW_SECONDS: count('COMMAND_RATE_WINDOW_SECONDS', 'the window of COMMAND_RATE_LIMIT in seconds', 60),
  /**
   * Proxies in front of the web instances whose X-Forwarded-For is believed (proxy-addr's list:
   * addresses, subnets, `loopback`, `uniquelocal`...). Empty, the default: none, and the socket's
   * address is the client's. Behind nginx on this machine: `loopback`. Sign-in throttling counts
   * per client address; without this, every client behind the proxy would count as one.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v, ctx) => {
      try {
        // The compiled check itself, so the list is parsed in this one place.
        return proxyaddr.compile(v.split(',').map((s) => s.trim()).filter(Boolean));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'set TRUSTED_PROXIES to addresses or subnets of your proxies, comma-separated (e.g. loopback or 10.0.0.0/8), or leave it empty' });
        return z.NEVER;
      }
    }),
});

/** What `npm start` reads before it has started anything (it sets the rest for its children). */
const launcherSchema = z.object({
  PORT: port,
  WEB_INSTANCES: z.coerce.number({ message: 'set WEB_INSTANCES to how many web processes to run (1 to 16)' }).int('set WEB_INSTANCES to a whole number').min(1, 'set WEB_INSTANCES to at least 1').max(16, 'set WEB_INSTANCES to at most 16').default(1),
});

export type Env = z.infer<typeof schema>;
export type LauncherEnv = z.infer<typeof launcherSchema>;

function parse<S extends z.ZodType>(s: S): z.infer<S> {
  const result = s.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

let parsed: Env | undefined;

export function env(): Env {
  parsed ??= parse(schema);
  return parsed;
}

export function launcherEnv(): LauncherEnv {
  return parse(launcherSchema);
}
