// A private Redis under the data dir. With `durable`, the append-only file is
// on, so read models survive a restart (they can always be rebuilt, but a
// restart should not force it).
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { isRunning, startChild, tail } from './child-process';
import { ensureDebianPackage, which } from './ensure-package';

async function stopStale(pidFile: string) {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 200 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

export async function startRedis(opts: { dir: string; port: number; durable: boolean; log: (m: string) => void }) {
  const bin = ensureDebianPackage(() => which('redis-server'), 'redis-server', opts.log);
  fs.mkdirSync(opts.dir, { recursive: true });
  const pidFile = path.join(opts.dir, 'redis.pid');
  await stopStale(pidFile);
  const logFile = path.join(opts.dir, 'server.log');
  const child = startChild(
    'redis',
    bin,
    [
      '--port', String(opts.port),
      '--bind', '127.0.0.1',
      '--dir', opts.dir,
      '--pidfile', pidFile,
      '--appendonly', opts.durable ? 'yes' : 'no',
      '--save', '',
      '--daemonize', 'no',
    ],
    { logFile },
  );
  const url = `redis://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`Redis exited at start:\n${tail(logFile)}`);
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {}); // refused while Redis starts: expected, retried below
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Redis did not become ready (${String(error)}):\n${tail(logFile)}`);
    } finally {
      probe.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, child, stop: (signal: NodeJS.Signals = 'SIGTERM') => child.stop(signal) };
}

/** What Redis would load at its next start (the AOF, a snapshot); only while it is down. */
export function removeRedisData(dir: string): void {
  for (const file of ['appendonlydir', 'dump.rdb']) fs.rmSync(path.join(dir, file), { recursive: true, force: true });
}
