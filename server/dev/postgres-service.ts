// A private Postgres cluster under the data dir, for `npm start` and tests.
// Postgres refuses to run as root, so as root it runs as the `postgres` user.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { isRunning, startChild, tail, type Child } from './child-process';
import { ensureDebianPackage } from './ensure-package';

function findBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest) return path.join(root, newest, 'bin');
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    return fs.existsSync(path.join(dir, 'postgres')) ? dir : null;
  } catch {
    return null;
  }
}

const isRoot = () => process.getuid?.() === 0;

/** Run a Postgres program as the right user. */
function asPostgres(bin: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/**
 * Creates the cluster dir owned by the user Postgres runs as. When that user
 * cannot reach the project folder (a clone under /root, say), the cluster
 * lives under /var/lib/bookstore instead, keyed by the project path.
 */
function prepareDir(dir: string, log: (m: string) => void): string {
  // Parents with default permissions (the postgres user must traverse them); only the cluster is private.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isRoot()) return dir;
  execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  fs.chmodSync(dir, 0o700);
  const reachable = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dir]).status === 0;
  if (reachable) return dir;
  const fallback = path.join('/var/lib/bookstore', createHash('sha1').update(path.resolve(dir)).digest('hex').slice(0, 12));
  log(`the postgres user cannot reach ${dir}; keeping the cluster in ${fallback}`);
  fs.mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o755 });
  fs.mkdirSync(fallback, { recursive: true, mode: 0o700 });
  execFileSync('chown', ['-R', 'postgres:postgres', fallback]);
  return fallback;
}

/**
 * Stops the postmaster whose pid file is in `dir` (ours, or one a killed run
 * left behind): a fast shutdown (SIGINT); if it is not down in 3 s an
 * immediate one (SIGQUIT); then SIGKILL to it and its children. A fast
 * shutdown can stall after its checkpoint on backends forked for connections
 * that arrived during it and wait for a startup packet (up to
 * authentication_timeout, ignoring SIGQUIT): the soak's Postgres restart met
 * that. Nothing here needs those backends' goodbye; the next start recovers.
 */
async function stopStale(dir: string) {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid) return;
  const gone = async (waitMs: number) => {
    for (let waited = 0; waited < waitMs && fs.existsSync(pidFile); waited += 50) await new Promise((r) => setTimeout(r, 50));
    return !fs.existsSync(pidFile);
  };
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
      return true;
    } catch {
      return false; // not running: Postgres clears a stale pid file itself
    }
  };
  if (!signal('SIGINT') || (await gone(3000))) return;
  if (!signal('SIGQUIT') || (await gone(1000))) return;
  spawnSync('pkill', ['-KILL', '-P', String(pid)]);
  signal('SIGKILL');
  for (let i = 0; i < 100 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 50));
  fs.rmSync(pidFile, { force: true });
}

export async function startPostgres(opts: { dir: string; port: number; durable: boolean; log: (m: string) => void }) {
  const binDir = ensureDebianPackage(findBinDir, 'postgresql', opts.log);
  const dir = prepareDir(opts.dir, opts.log);
  await stopStale(dir);
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    opts.log(`creating a Postgres cluster in ${dir}`);
    const [cmd, args] = asPostgres(path.join(binDir, 'initdb'), ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
    const init = spawnSync(cmd, args, { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr || init.stdout}`);
  }
  const settings = ['-c', 'listen_addresses=127.0.0.1', '-c', `max_connections=${opts.durable ? 200 : 400}`];
  // Throw-away clusters (tests, the bench): no durability; room for the bench's 256 writers beside the
  // stack's pools (bench/scenarios/append-ceiling.ts), and commit times it reads to time the append lock.
  if (!opts.durable) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'track_commit_timestamp=on');
  const logFile = path.join(dir, 'server.log');
  const [cmd, args] = asPostgres(path.join(binDir, 'postgres'), ['-D', dir, '-k', dir, '-p', String(opts.port), ...settings]);
  const child = startChild('postgres', cmd, args, { logFile });
  const adminUrl = `postgres://postgres@127.0.0.1:${opts.port}/postgres`;
  await waitForPostgres(adminUrl, child, logFile);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = 'bookstore'`;
    if (!exists) await admin`create database bookstore`;
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres@127.0.0.1:${opts.port}/bookstore`,
    child,
    async stop() {
      // SIGINT to the postmaster is a fast shutdown: no waiting for clients to leave.
      await stopStale(dir);
      await child.stop('SIGINT');
    },
  };
}

async function waitForPostgres(url: string, child: Child, logFile: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`Postgres exited at start:\n${tail(logFile)}`);
    const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Postgres did not become ready (${String(error)}):\n${tail(logFile)}`);
    } finally {
      await sql.end({ timeout: 1 });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
