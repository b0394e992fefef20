// Configuration is parsed once; a process with missing or bad config refuses to
// start and says exactly what to set.
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z.url({ message: 'set DATABASE_URL to a postgres:// URL (npm start sets it for you)' }),
  REDIS_URL: z.url({ message: 'set REDIS_URL to a redis:// URL (npm start sets it for you)' }),
  SESSION_SECRET: z.string().min(32, 'set SESSION_SECRET to at least 32 random characters'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** The worker answers GET /api/health on this port when set. */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** `1`: every signed-in user may use the lab and change prices (server/lab/demo-mode.ts). Off when unset; `npm start` turns it on. */
  DEMO_MODE: z
    .enum(['0', '1'], { message: 'set DEMO_MODE to 1 (anyone signed in may use the lab) or 0 (admins only), or leave it unset (0)' })
    .default('0')
    .transform((v) => v === '1'),
});

export type Env = z.infer<typeof schema>;

let parsed: Env | undefined;

export function env(): Env {
  if (parsed) return parsed;
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  parsed = result.data;
  return parsed;
}
