// Each worker process answers /api/health with its role.
import { describe, expect, it } from 'vitest';
import { freePort } from '@/server/dev/free-port';
import { testRedis } from '@/server/testing/fixtures';
import { spawnWorker, waitFor, type WorkerProcess } from '@/server/testing/worker-process';

describe('worker health', () => {
  it('says which worker is active and which stands by', async () => {
    const store = testRedis(10);
    const ports = [await freePort(), await freePort()];
    const workers: WorkerProcess[] = [];
    for (const port of ports) {
      workers.push(spawnWorker(store.url, { WORKER_HEALTH_PORT: String(port) }));
      await waitFor(async () => /worker\.(active|standby)/.test(workers.at(-1)!.output()), 'the worker to settle');
    }
    const health = await Promise.all(
      ports.map((port) =>
        waitFor(async () => {
          const res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
          return res ? ((await res.json()) as { status: string; role: string }) : undefined;
        }, 'the health endpoint'),
      ),
    );
    expect(health.map((h) => [h.status, h.role])).toEqual([
      ['ready', 'active'],
      ['ready', 'standby'],
    ]);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    store.redis.disconnect();
  });
});
