// GET /api/health for the worker process (only when WORKER_HEALTH_PORT is set):
// whether it is the active projector or a standby, and whether its stores answer.
import { createServer, type Server } from 'node:http';
import type { Redis } from 'ioredis';
import type { DbHandle } from '@/db/client';
import { readCheckpoint } from './cursor';
import { activeReadModelKeys } from './keys';

export function serveWorkerHealth(port: number, deps: { db: DbHandle; redis: Redis; role: () => 'active' | 'standby' }): Server {
  const server = createServer(async (req, res) => {
    if (req.url !== '/api/health') {
      res.writeHead(404).end();
      return;
    }
    const [pg, checkpoint] = await Promise.allSettled([deps.db.sql`select 1`, activeReadModelKeys(deps.redis).then((keys) => readCheckpoint(deps.redis, keys))]);
    const problems = [pg.status === 'rejected' && 'postgres unreachable', checkpoint.status === 'rejected' && 'redis unreachable'].filter(Boolean);
    const body = {
      status: problems.length ? 'degraded' : 'ready',
      role: deps.role(),
      pid: process.pid,
      checkpoint: checkpoint.status === 'fulfilled' ? checkpoint.value : null,
      problems,
    };
    res.writeHead(problems.length ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  server.listen(port, '127.0.0.1');
  return server;
}
