// `npm start` heals itself: kill -9 of the active worker mid-burst, and the
// standby projects the next command within 2 s while the supervisor starts the
// killed one again; every acknowledged order is in the read model exactly once.
// Runs the real start script against the test stack's Postgres and a Redis
// database of its own (so its workers lead their own store).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startChild, type Child } from '@/server/dev/child-process';
import { freePort } from '@/server/dev/free-port';
import { ApiClient } from '@/server/testing/api-client';
import { addTestBook, testRedis } from '@/server/testing/fixtures';
import { waitFor } from '@/server/testing/worker-process';

const store = testRedis(7);
let start: Child | undefined;
const output: string[] = [];

afterAll(async () => {
  await start?.stop('SIGINT', 20_000);
  store.redis.disconnect();
});

interface WorkerHealth {
  role: 'active' | 'standby';
  pid: number;
}
const health = async (port: number): Promise<WorkerHealth | null> => {
  try {
    return (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as WorkerHealth;
  } catch {
    return null;
  }
};

describe('npm start under faults', () => {
  it('restarts a killed worker, and the standby projects the next command within 2 s; nothing lost or doubled', async () => {
    await store.redis.flushdb();
    const port = await freePort();
    const workerPort = await freePort();
    const dataDir = path.resolve('.data/test-int/start-supervision');
    fs.mkdirSync(dataDir, { recursive: true });
    start = startChild('start', process.execPath, ['--import', 'tsx', 'server/cli/start.ts'], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), REDIS_URL: store.url, PORT: String(port), WORKER_HEALTH_PORT: String(workerPort), DATA_DIR: dataDir, DEMO_MODE: '0', NEXT_TELEMETRY_DISABLED: '1' },
      onLine: (line) => output.push(line),
    });
    const baseUrl = `http://localhost:${port}`;
    await waitFor(async () => output.some((l) => l.includes('Bookstore ready')), 'npm start to be ready', 90_000);
    const webStatus = async () =>
      (await (await fetch(`${baseUrl}/api/projection`)).json()) as { readModel: string; position: number; activeWorker: { pid: number } | null };
    await waitFor(async () => (await webStatus()).readModel === 'ready', 'the new store to be built', 60_000);

    const [w1, w2] = [workerPort, workerPort + 1];
    await waitFor(async () => (await health(w1)) !== null && (await health(w2)) !== null, 'both workers to answer health');
    const roles = await Promise.all([health(w1), health(w2)]);
    expect(roles.map((r) => r!.role).sort()).toEqual(['active', 'standby']);
    const active = roles.find((r) => r!.role === 'active')!;
    // The Lab and the Admin page name the active worker from the projection status.
    await waitFor(async () => (await webStatus()).activeWorker?.pid === active.pid, 'the status to name the active worker');

    const admin = await ApiClient.signedIn('admin@example.com', baseUrl);
    const alice = await ApiClient.signedIn('alice@example.com', baseUrl);
    const { bookId } = await addTestBook(admin, 1000);
    const placed: string[] = [];
    for (let i = 0; i < 30; i++) {
      if (i === 10) process.kill(active.pid, 'SIGKILL');
      const res = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
      expect(res.status).toBe(201);
      placed.push(res.body.orderId);
    }
    const last = await alice.post<{ orderId: string; position: number }>('/api/orders', { lines: [{ bookId, quantity: 1 }] });
    placed.push(last.body.orderId);
    const committedAt = Date.now();
    await waitFor(async () => (await webStatus()).position >= last.body.position, 'the last order to be projected', 5000);
    expect(Date.now() - committedAt).toBeLessThan(2000);
    expect((await webStatus()).activeWorker?.pid).not.toBe(active.pid);

    const listed = await alice.get<{ items: { id: string }[] }>('/api/orders?limit=500');
    const ids = listed.body.items.map((o) => o.id);
    for (const id of placed) expect(ids.filter((x) => x === id)).toHaveLength(1);

    // The supervisor said so and started the killed worker again, now a standby.
    await waitFor(async () => output.some((l) => /worker(-2)? exited unexpectedly \(signal SIGKILL\); restarting in \d+ ms/.test(l)), 'the supervisor to report the kill', 5000);
    await waitFor(async () => {
      const now = await Promise.all([health(w1), health(w2)]);
      return now.every((h) => h !== null && h.pid !== active.pid) && now.some((h) => h!.role === 'standby');
    }, 'the killed worker to be back as a standby');
  });
});
