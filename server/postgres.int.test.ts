// A transaction waiting for a pooled connection must be answered whatever
// happens to the connections meanwhile: with a working connection once the
// pool has one, or with an error while Postgres cannot be reached; never left
// waiting, and never failed with another connection's error. postgres.js 3.4.9
// gets each of these wrong (porsager/postgres#1195 and the cases below);
// patches/postgres+3.4.9.patch and docs/decisions/010.
import net from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectDb, type DbHandle } from '@/db/client';
import { testDb } from '@/server/testing/fixtures';
import { waitFor } from '@/server/testing/worker-process';
import { transaction } from '@/db/transaction';

const admin = testDb(2);
afterAll(() => admin.sql.end({ timeout: 1 }));

/** Settles with the promise, or with 'still waiting' after `ms`. */
function within<T>(ms: number, promise: Promise<T>): Promise<T | 'still waiting'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms)))]).finally(() => clearTimeout(timer));
}

/** What the relay does to the first connection that asks for postgres.js's array types (its first query on a new connection). */
type TypesQueryFault = 'none' | 'cut' | 'terminate';

/** The backend's answer to pg_terminate_backend, sent by the relay in its place: FATAL 57P01, then the socket ends. */
function terminationMessage(): Buffer {
  const fields = Buffer.from('SFATAL\0VFATAL\0C57P01\0Mterminating connection due to administrator command\0\0');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(fields.length + 4);
  return Buffer.concat([Buffer.from('E'), length, fields]);
}

/**
 * A TCP relay to Postgres whose connections the test can cut (a network
 * failure: no FATAL from the server) or refuse, and which can fail the first
 * connection's array-types query (`typesQuery`).
 */
async function relay(typesQuery: TypesQueryFault = 'none') {
  const target = new URL(inject('databaseUrl'));
  const sockets = new Set<net.Socket>();
  let refusing = false;
  let typesFault = typesQuery;
  const server = net.createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s)).on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      if (typesFault !== 'none' && chunk.includes('pg_catalog.pg_type')) {
        const fault = typesFault;
        typesFault = 'none';
        upstream.destroy();
        return void (fault === 'cut' ? client.destroy() : client.end(terminationMessage()));
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    cut: () => sockets.forEach((s) => s.destroy()),
    /** As `cut`, with a TCP reset: the client's socket errors (ECONNRESET) before it closes. */
    reset: () => sockets.forEach((s) => s.resetAndDestroy()),
    refuse: (on: boolean) => (refusing = on),
    close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

const selectOne = (pool: DbHandle) => transaction(pool, async (tx) => (await tx.sql<{ one: number }[]>`select 1 as one`)[0]?.one);

/** Starts a long query on the pool's only connection and resolves once Postgres runs it, so what comes next queues. */
async function occupy(pool: DbHandle, application: string) {
  await pool.sql`select set_config('application_name', ${application}, false)`;
  const busy = pool.sql`select pg_sleep(30)`.catch((error: Error) => error);
  await waitFor(async () => (await admin.sql`select 1 from pg_stat_activity where application_name = ${application} and state = 'active'`).length > 0, 'the pool connection to be busy');
  return { busy };
}

describe('a transaction queued for a pooled connection', () => {
  it('gets a new connection when the one it waits for is terminated by the server', async () => {
    const pool = testDb(1);
    try {
      const application = `queued-terminated-${process.pid}`;
      const { busy } = await occupy(pool, application);
      const queued = selectOne(pool).catch((error: Error) => error.message);
      await admin.sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${application}`;

      expect(await busy).toBeInstanceOf(Error);
      // Not the dead connection's "terminating connection due to administrator command": it never ran there.
      expect(await within(5_000, queued)).toBe(1);
    } finally {
      await pool.sql.end({ timeout: 1 });
    }
  });

  it('gets a new connection when the one it waits for is cut by the network', async () => {
    const network = await relay();
    const pool = connectDb(network.url, { max: 1 });
    try {
      const { busy } = await occupy(pool, `queued-cut-${process.pid}`);
      const queued = selectOne(pool).catch((error: Error) => error.message);
      network.cut();

      expect(await busy).toBeInstanceOf(Error);
      expect(await within(5_000, queued)).toBe(1);
    } finally {
      await pool.sql.end({ timeout: 1 });
      await network.close();
    }
  });

  it('is refused while Postgres cannot be reached, and the pool keeps every connection for when it can', async () => {
    const network = await relay();
    const pool = connectDb(network.url, { max: 2 });
    try {
      // Both connections opened, then lost.
      await Promise.all([selectOne(pool), selectOne(pool)]);
      network.refuse(true);
      network.cut();
      const refused = await within(5_000, selectOne(pool).catch((error: Error) => error));
      expect(refused).toBeInstanceOf(Error);

      network.refuse(false);
      // Two transactions open at once: each needs a connection of its own.
      await waitFor(async () => (await selectOne(pool).catch(() => 0)) === 1, 'the pool to reconnect');
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = transaction(pool, async (tx) => (await tx.sql`select 1`, await held, 'first'));
      const second = within(5_000, transaction(pool, async (tx) => (await tx.sql`select 1`, 'second')));
      expect(await second).toBe('second');
      release();
      expect(await first).toBe('first');
    } finally {
      await pool.sql.end({ timeout: 1 });
      await network.close();
    }
  });
});

describe('a transaction whose connection is reset mid-statement', () => {
  it('fails, with the rollback it sends after the failure, and the pool has a working connection again', async () => {
    const network = await relay();
    const pool = connectDb(network.url, { max: 1 });
    try {
      const application = `reset-${process.pid}`;
      await pool.sql`select set_config('application_name', ${application}, false)`;
      // transaction() answers a failed statement with ROLLBACK on the same connection, as every command does.
      const failed = transaction(pool, async (tx) => void (await tx.sql`select pg_sleep(30)`)).catch((error: Error) => error.message);
      await waitFor(async () => (await admin.sql`select 1 from pg_stat_activity where application_name = ${application} and state = 'active'`).length > 0, 'the statement to run');
      network.reset();

      expect(await within(5_000, failed)).toMatch(/ECONNRESET|CONNECTION_CLOSED/);
      expect(await within(5_000, selectOne(pool).catch((error: Error) => error.message))).toBe(1);
    } finally {
      await pool.sql.end({ timeout: 1 });
      await network.close();
    }
  });
});

// postgres.js asks a new connection for the array types before the query it
// connected for (porsager/postgres#1192, #1223).
describe('a new connection that fails while it fetches the array types', () => {
  /** Unhandled rejections while `work` runs: one ends a worker process, and Vitest fails the run. */
  async function unhandledDuring<T>(work: () => Promise<T>): Promise<{ result: T; unhandled: unknown[] }> {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const result = await work();
      // A dropped promise's rejection is reported once the microtasks have run.
      await new Promise((resolve) => setImmediate(resolve));
      return { result, unhandled };
    } finally {
      process.off('unhandledRejection', record);
    }
  }

  const queries = [
    ['transaction', selectOne],
    ['plain query', async (pool: DbHandle) => (await pool.sql<{ one: number }[]>`select 1 as one`)[0]?.one],
  ] as const;
  for (const fault of ['cut', 'terminate'] as const) {
    for (const [what, query] of queries) {
      it(`(${fault}) still runs the ${what} it opened for, not failed with the dead connection's error, and rejects nothing unhandled`, async () => {
        const network = await relay(fault);
        const pool = connectDb(network.url, { max: 1 });
        try {
          const { result, unhandled } = await unhandledDuring(() => within(5_000, query(pool).catch((error: Error) => error.message)));
          expect(result).toBe(1);
          expect(unhandled).toEqual([]);
        } finally {
          await pool.sql.end({ timeout: 1 });
          await network.close();
        }
      });
    }
  }
});
