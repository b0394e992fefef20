// Postgres and Redis for `npm start`, tests and the bench: the ones in
// DATABASE_URL / REDIS_URL if both are set, else private ones under the data dir.
import path from 'node:path';
import { freePort } from './free-port';
import { startPostgres } from './postgres-service';
import { removeRedisData, startRedis } from './redis-service';

/** One service we run ourselves, which tests can take down and bring back (same port, same data dir). */
export interface ManagedService {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface ManagedRedis extends ManagedService {
  /** SIGKILL: no last write to the AOF, so it comes back with what the AOF had (up to a second behind). */
  crash(): Promise<void>;
  /** Stops it if up, deletes what it would load, and starts it with nothing. */
  restartEmpty(): Promise<void>;
}

export interface Services {
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
  /** Absent when the services come from DATABASE_URL / REDIS_URL: not ours to stop. */
  postgres?: ManagedService;
  redis?: ManagedRedis;
}

export interface ServiceOptions {
  dataDir: string;
  /** fsync and the AOF on (npm start) or off (tests). */
  durable: boolean;
  /** Redis's AOF on even when not durable (the soak restarts Redis from it). */
  redisAof?: boolean;
  log?: (msg: string) => void;
  /** Preferred ports; 0 = any free port. Defaults: PG_PORT / REDIS_PORT, else 54329 / 63799. */
  pgPort?: number;
  redisPort?: number;
}

export async function ensureServices(opts: ServiceOptions): Promise<Services> {
  const log = opts.log ?? (() => {});
  const { DATABASE_URL, REDIS_URL } = process.env;
  if (DATABASE_URL && REDIS_URL) {
    log('using DATABASE_URL and REDIS_URL from the environment');
    return { databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, async stop() {} };
  }
  const pgPort = await freePort(opts.pgPort ?? Number(process.env.PG_PORT ?? 54329));
  const redisPort = await freePort(opts.redisPort ?? Number(process.env.REDIS_PORT ?? 63799));
  const pgOptions = { dir: path.join(opts.dataDir, 'postgres'), port: pgPort, durable: opts.durable, log };
  const redisOptions = { dir: path.join(opts.dataDir, 'redis'), port: redisPort, durable: opts.durable || Boolean(opts.redisAof), log };
  let pg = await startPostgres(pgOptions);
  try {
    let redis = await startRedis(redisOptions);
    const managedRedis = managed(
      (signal) => redis.stop(signal),
      async () => {
        redis = await startRedis(redisOptions);
      },
    );
    log(`Postgres on ${pgPort}, Redis on ${redisPort} (data in ${opts.dataDir})`);
    return {
      databaseUrl: pg.url,
      redisUrl: redis.url,
      async stop() {
        await redis.stop();
        await pg.stop();
      },
      postgres: managed(
        () => pg.stop(),
        async () => {
          pg = await startPostgres(pgOptions);
        },
      ),
      redis: {
        ...managedRedis,
        crash: () => managedRedis.stop('SIGKILL'),
        async restartEmpty() {
          await managedRedis.stop();
          removeRedisData(redisOptions.dir);
          await managedRedis.start();
        },
      },
    };
  } catch (error) {
    await pg.stop();
    throw error;
  }
}

/** Stop and start that are no-ops when the service already is in that state. */
function managed(stop: (signal?: NodeJS.Signals) => Promise<void>, start: () => Promise<void>): ManagedService & { stop(signal?: NodeJS.Signals): Promise<void> } {
  let up = true;
  return {
    async stop(signal?: NodeJS.Signals) {
      if (up) await stop(signal);
      up = false;
    },
    async start() {
      if (!up) await start();
      up = true;
    },
  };
}
