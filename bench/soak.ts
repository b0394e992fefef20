// `npm run soak [-- --minutes=10] [-- --events=N]`: a bounded soak over the
// real stack (2 web instances, a supervised active worker and a standby),
// with faults injected on a schedule, and a checker at the end.
//
// Customers order, retry with the same idempotency key (some retries sent
// twice at once), cancel, and read their orders with read-your-writes; an
// admin changes prices and restocks. Faults, in turn: kill -9 the active
// worker, kill -9 a web instance, restart Redis empty, restart Postgres, drop
// pushes. A command whose answer was lost is retried with its key until it is
// answered. At the end the checker proves, from Postgres, Redis and what the
// clients saw:
// - every acknowledged order is in the log exactly once, and every answer
//   to one key named the same order;
// - the read models equal the write side, book by book and order by order,
//   at a checkpoint equal to the log head; no stock below zero anywhere;
// - read-your-writes and monotonic reads held for every client.
// It prints commands, events, faults and their recovery, violations, and
// writes bench/results/soak.json; it exits 1 on any violation.
import fs from 'node:fs';
import path from 'node:path';
import { connectDb } from '@/db/client';
import { startWorker } from '@/server/dev/app-processes';
import type { ManagedService } from '@/server/dev/services';
import { startTestStack } from '@/server/dev/test-stack';
import { killActiveWorker } from '@/server/lab/kill-worker';
import { activeReadModelKeys } from '@/server/projector/keys';
import { readActiveWorker } from '@/server/queries/get-projection-status';
import { connectRedis } from '@/server/redis';
import { closeAgents, HttpClient } from './lib/http';
import { bookIds, createCustomers, logHead, waitForProjection } from './lib/setup';
import { sleep } from './lib/timing';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const minutes = Number(arg('minutes') ?? 10);
const maxEvents = arg('events') ? Number(arg('events')) : Infinity;
const OUT = path.resolve('bench/results/soak.json');
const log = (m: string) => console.log(`[soak ${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const t0 = performance.now();

interface Sent {
  key: string;
  /** Every answer this key got: order ids must all be the same. */
  orderIds: Set<string>;
  position?: number;
  lost: boolean;
  body: { lines: { bookId: string; quantity: number }[] };
  customer: number;
}

/** A statement on the soak's own connection right after a Postgres restart may meet a dead socket: try again. */
async function retrying<T>(what: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await what();
    } catch (error) {
      if (attempt >= 40) throw error;
      await sleep(250);
    }
  }
}

const violations: string[] = [];
const violation = (m: string) => {
  if (violations.length < 50) log(`VIOLATION ${m}`);
  violations.push(m);
};

const stack = await startTestStack({ name: 'soak', withWeb: true, withWorker: true, webInstances: 2, log: (m) => log(`stack: ${m}`) });
const env = { DATABASE_URL: stack.databaseUrl, REDIS_URL: stack.redisUrl, SESSION_SECRET: stack.sessionSecret, NODE_ENV: 'production' as const, DEMO_MODE: '0' };
const standby = startWorker(env, { logFile: path.join(stack.dataDir, 'standby-worker.log') });
const db = connectDb(stack.databaseUrl, { max: 4 });
const redis = connectRedis(stack.redisUrl);
let exitCode = 1;
try {
  const books = (await bookIds(db.sql)).slice(0, 40);
  const customers = await createCustomers(db, stack.webUrls, 12);
  const admin = new HttpClient(stack.webUrls[0]!);
  if ((await admin.post('/api/session', { email: 'admin@example.com', password: 'bookstore' })).status !== 200) throw new Error('admin sign-in failed');
  const sent = new Map<string, Sent>();
  const commands = { placed: 0, refused: 0, lost: 0, retries: 0, cancels: 0, reads: 0, adminCommands: 0 };
  const deadline = Date.now() + minutes * 60_000;
  let stopping = false;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;

  /**
   * A customer is one browser behind a load balancer: requests go to either instance, with one
   * cookie jar (the read-your-writes token's cookie included). The bench's clients keep a jar each,
   * so after every answer the jar is copied to the customer's other clients.
   */
  const clientOf = (customer: number) => {
    const clients = customers[customer]!.clients;
    const client = pick(clients);
    return {
      client,
      shareCookies: () => {
        for (const pair of client.cookieHeader().split('; ').filter(Boolean)) {
          const eq = pair.indexOf('=');
          for (const other of clients) if (other !== client) other.setCookie(pair.slice(0, eq), pair.slice(eq + 1));
        }
      },
    };
  };

  /** Sends (or re-sends) one order with its key; a transport error or a 5xx is a lost answer, retried later. */
  async function sendOrder(s: Sent): Promise<void> {
    const { client, shareCookies } = clientOf(s.customer);
    try {
      const res = await client.post<{ orderId?: string; position?: number; error?: { code: string } }>('/api/orders', s.body, { 'idempotency-key': s.key });
      shareCookies();
      if (res.status === 201) {
        s.orderIds.add(res.body.orderId!);
        s.position ??= res.body.position;
        s.lost = false;
        if (s.orderIds.size > 1) violation(`key ${s.key} answered with ${s.orderIds.size} different orders`);
        await checkReadYourWrites(s);
      } else if (res.status >= 500) s.lost = true;
      else commands.refused++;
    } catch {
      s.lost = true;
    }
  }

  /** Per customer, the highest position among its reads that have finished: a read started after them may not be older. */
  const lastSeen = new Map<number, number>();
  /** Right after an answer: the order, read with read-your-writes, is there, and never older than a read before. */
  async function checkReadYourWrites(s: Sent): Promise<void> {
    const { client, shareCookies } = clientOf(s.customer);
    const orderId = [...s.orderIds][0]!;
    // Reads in flight at once are not ordered; this one must not be older than those done before it started.
    const floor = lastSeen.get(s.customer) ?? 0;
    commands.reads++;
    try {
      const res = await client.get<{ order?: { id: string }; projection: { position: number } }>(`/api/orders/${orderId}?consistency=read-your-writes`);
      shareCookies();
      if (res.status >= 500) return; // a store is down: no answer is not a wrong answer
      const position = res.body.projection?.position ?? 0;
      if (res.status !== 200) violation(`read-your-writes: customer ${s.customer}'s order ${orderId} answered ${res.status} at position ${position}`);
      else if (position < s.position!) violation(`read-your-writes: customer ${s.customer} read position ${position} after their write at ${s.position}`);
      if (position < floor) violation(`monotonic reads: customer ${s.customer} went back from ${floor} to ${position}`);
      lastSeen.set(s.customer, Math.max(position, lastSeen.get(s.customer) ?? 0));
    } catch {
      // transport error during a fault: nothing was shown
    }
  }

  async function customerLoop(i: number) {
    while (!stopping) {
      const roll = Math.random();
      const mine = [...sent.values()].filter((s) => s.customer === i);
      if (roll < 0.15 && mine.length > 0) {
        // A retry of an earlier command; sometimes two at once.
        const s = pick(mine);
        commands.retries++;
        await (Math.random() < 0.3 ? Promise.all([sendOrder(s), sendOrder(s)]) : sendOrder(s));
      } else if (roll < 0.25 && mine.some((s) => s.orderIds.size > 0)) {
        const s = pick(mine.filter((m) => m.orderIds.size > 0));
        commands.cancels++;
        await pick(customers[i]!.clients).post(`/api/orders/${[...s.orderIds][0]}/cancel`, undefined, { 'idempotency-key': `cancel-${s.key}` }).catch(() => undefined);
      } else {
        const s: Sent = { key: crypto.randomUUID(), orderIds: new Set(), lost: false, body: { lines: [{ bookId: pick(books), quantity: 1 + Math.floor(Math.random() * 2) }] }, customer: i };
        sent.set(s.key, s);
        commands.placed++;
        await sendOrder(s);
      }
      await sleep(5);
    }
  }

  async function adminLoop() {
    while (!stopping) {
      const bookId = pick(books);
      commands.adminCommands++;
      await (Math.random() < 0.5
        ? admin.post(`/api/books/${bookId}/price`, { priceCents: 500 + Math.floor(Math.random() * 3000) })
        : admin.post(`/api/books/${bookId}/restock`, { quantity: 1 + Math.floor(Math.random() * 20) })
      ).catch(() => undefined);
      await sleep(50);
    }
  }

  /** Time from a fault's end until a new order is acknowledged and projected. */
  async function recovery(): Promise<number> {
    const started = performance.now();
    for (;;) {
      try {
        const res = await customers[0]!.clients[0]!.post<{ position: number }>('/api/orders', { lines: [{ bookId: books[0]!, quantity: 1 }] });
        if (res.status === 201) {
          await waitForProjection(redis, res.body.position, 60_000);
          return Math.round(performance.now() - started);
        }
      } catch {
        // still down
      }
      await sleep(100);
    }
  }

  const restart = async (service: ManagedService | undefined) => {
    if (!service) throw new Error('the stack does not run this service itself');
    await service.stop();
    await service.start();
  };
  const FAULTS: { name: string; run: () => Promise<void> }[] = [
    { name: 'kill -9 the active worker', run: async () => void (await killActiveWorker(db, await readActiveWorker(redis))) },
    { name: 'kill -9 web instance 2', run: () => stack.restartWeb(1, 'SIGKILL') },
    { name: 'restart Redis (empty)', run: () => restart(stack.services.redis) },
    { name: 'restart Postgres', run: () => restart(stack.services.postgres) },
    {
      name: 'drop 5 pushes',
      run: async () => void (await admin.request('PUT', '/api/lab', { dropPushes: 5 })),
    },
  ];
  const faults: { name: string; atS: number; recoveryMs: number }[] = [];
  async function faultLoop() {
    const every = Math.max(8_000, (minutes * 60_000) / (FAULTS.length * 2 + 1));
    for (let i = 0; !stopping; i++) {
      await sleep(every);
      if (stopping) break;
      const fault = FAULTS[i % FAULTS.length]!;
      const atS = Math.round((performance.now() - t0) / 1000);
      log(`fault: ${fault.name}`);
      await fault.run().catch((error: unknown) => violation(`fault ${fault.name} could not be injected: ${String(error)}`));
      const recoveryMs = await recovery();
      faults.push({ name: fault.name, atS, recoveryMs });
      log(`  recovered in ${recoveryMs} ms`);
    }
  }

  log(`soak for ${minutes} min${Number.isFinite(maxEvents) ? ` or ${maxEvents} events` : ''}: ${customers.length} customers, 1 admin, 2 web instances, active + standby worker`);
  const headAtStart = await retrying(() => logHead(db.sql));
  const loops = [...customers.map((_, i) => customerLoop(i)), adminLoop(), faultLoop()];
  const eventsSoFar = async () => (await logHead(db.sql).catch(() => headAtStart)) - headAtStart; // Postgres may be restarting
  while (Date.now() < deadline && (await eventsSoFar()) < maxEvents) await sleep(1000);
  stopping = true;
  await Promise.all(loops);

  // Every lost answer is asked again with its key until it is answered.
  const lost = [...sent.values()].filter((s) => s.lost);
  commands.lost = lost.length;
  for (const s of lost) {
    for (let tries = 0; s.lost && tries < 50; tries++) {
      await sendOrder(s);
      if (s.lost) await sleep(200);
    }
  }
  for (const s of lost.filter((l) => l.lost)) violation(`key ${s.key}: no answer after 50 retries`);

  const head = await retrying(() => logHead(db.sql));
  await waitForProjection(redis, head, 120_000);
  log(`checking: log head ${head}`);

  // Exactly once: each acknowledged key's order has one OrderPlaced, and one idempotency record.
  const acknowledged = [...sent.values()].filter((s) => s.orderIds.size > 0);
  const placedCounts = new Map(
    (await retrying(() => db.sql<{ id: string; n: string }[]>`select aggregate_id as id, count(*)::text as n from events where type = 'OrderPlaced' and aggregate_id = any(${acknowledged.flatMap((s) => [...s.orderIds])}) group by aggregate_id`)).map((r) => [r.id, Number(r.n)]),
  );
  for (const s of acknowledged) for (const id of s.orderIds) if (placedCounts.get(id) !== 1) violation(`order ${id} (key ${s.key}) is in the log ${placedCounts.get(id) ?? 0} times`);

  // The read models equal the write side, at a checkpoint equal to the head.
  const keys = await activeReadModelKeys(redis);
  const checkpoint = Number(await redis.get(keys.checkpoint));
  if (checkpoint !== head) violation(`checkpoint ${checkpoint} is not the log head ${head}`);
  const bookRows = await retrying(() => db.sql<{ id: string; stock: number; price_cents: number; version: number }[]>`select id, stock, price_cents, version from books`);
  const bookDocs = await redis.mget(bookRows.map((b) => keys.book(b.id)));
  bookRows.forEach((b, i) => {
    const doc = bookDocs[i] ? (JSON.parse(bookDocs[i]!) as { stock: number; priceCents: number; version: number }) : null;
    if (b.stock < 0) violation(`book ${b.id}: stock ${b.stock} in Postgres`);
    if (!doc) return violation(`book ${b.id} missing from the read model`);
    if (doc.stock < 0) violation(`book ${b.id}: stock ${doc.stock} in the read model`);
    if (doc.stock !== b.stock || doc.priceCents !== b.price_cents || doc.version !== b.version) violation(`book ${b.id}: read model ${JSON.stringify(doc)} vs Postgres stock ${b.stock}, price ${b.price_cents}, version ${b.version}`);
  });
  const orderRows = await retrying(() => db.sql<{ id: string; status: string }[]>`select id, status from orders`);
  const orderDocs = await redis.mget(orderRows.map((o) => keys.order(o.id)));
  orderRows.forEach((o, i) => {
    const doc = orderDocs[i] ? (JSON.parse(orderDocs[i]!) as { status: string }) : null;
    if (doc?.status !== o.status) violation(`order ${o.id}: read model ${doc?.status ?? 'missing'} vs Postgres ${o.status}`);
  });

  const result = {
    minutes,
    events: head - headAtStart,
    commands,
    faults,
    violations: violations.length,
    firstViolations: violations.slice(0, 20),
    checked: { acknowledgedOrders: acknowledged.length, books: bookRows.length, orders: orderRows.length, headPosition: head },
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  log(`${result.events} events; ${commands.placed} orders sent (${commands.retries} retries, ${commands.lost} answers lost and asked again, ${commands.refused} refused), ${commands.cancels} cancels, ${commands.adminCommands} admin commands, ${commands.reads} checked reads`);
  for (const f of faults) log(`  fault at ${f.atS}s: ${f.name}, recovered in ${f.recoveryMs} ms`);
  log(`${violations.length} violations; written to ${path.relative(process.cwd(), OUT)}`);
  exitCode = violations.length === 0 ? 0 : 1;
} finally {
  closeAgents();
  redis.disconnect();
  await db.sql.end({ timeout: 5 }).catch(() => undefined);
  await standby.stop('SIGTERM').catch(() => undefined);
  await stack.stop();
}
process.exit(exitCode);
