// `npm run soak [-- --minutes=10] [-- --events=N] [-- --fault-every=S] [-- --out=file.json]`: a bounded soak over the
// real stack (2 web instances, an active and a standby worker, both
// supervised, Redis with its append-only file), faults injected on a
// schedule, and a checker at the end. It stops at whichever bound comes first.
//
// Customers order, retry with the same idempotency key (some retries sent
// twice at once), cancel, and read their orders with a strategy drawn at
// random; an admin changes prices and restocks. A command whose answer was
// lost (a transport error, a timeout, a 5xx) is asked again with its key until
// it is answered. The checker proves, from Postgres, Redis and what the
// clients saw:
// - exactly once: every acknowledged order is in the log once, every answer to
//   one key named the same order, and no order exists that no answer named
//   (so a lost answer either wrote nothing or its retry returned the first
//   result);
// - the read models equal a full replay of the log, and the write side, book
//   by book and order by order; no stock below zero anywhere;
// - the session guarantees of each strategy held on every client's history
//   (read-your-writes, monotonic reads; `eventual` promises neither and its
//   anomalies are counted, not failed);
// - nobody read another customer's order; every socket heard the last position.
// It prints commands, events, faults and their recovery, memory, violations,
// writes bench/results/soak.json, and exits 1 on any violation.
import fs from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { connectDb } from '@/db/client';
import type { ProjectionAdvanced } from '@/server/contracts/api';
import { ADVANCED_EVENT } from '@/server/contracts/channels';
import { isRunning } from '@/server/dev/child-process';
import { startTestStack } from '@/server/dev/test-stack';
import { killActiveWorker } from '@/server/lab/kill-worker';
import { activeReadModelKeys } from '@/server/projector/keys';
import { readActiveWorker } from '@/server/queries/get-projection-status';
import { connectRedis } from '@/server/redis';
import { closeAgents, HttpClient } from './lib/http';
import { compareWithReplay } from './lib/replay-check';
import { RssSampler } from './lib/rss';
import { bookIds, createCustomers, logHead, waitForProjection } from './lib/setup';
import { sleep } from './lib/timing';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const minutes = Number(arg('minutes') ?? 10);
const maxEvents = arg('events') ? Number(arg('events')) : Infinity;
if (!(minutes > 0) || !(maxEvents > 0)) throw new Error('usage: npm run soak -- [--minutes=M] [--events=N] (both > 0)');
// `npm test`'s one-minute run writes elsewhere, so it never replaces the committed figures of a full run.
const OUT = path.resolve(arg('out') ?? 'bench/results/soak.json');
const t0 = performance.now();
const log = (m: string) => console.log(`[soak ${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}`);
/** Shorter than any fault's outage is long: a request stuck on a dead socket counts as lost and is asked again. */
const REQUEST_TIMEOUT_MS = 10_000;
/** A fault the stack has not recovered from in this long is a violation (and the soak moves on). */
const RECOVERY_LIMIT_MS = 90_000;
const CUSTOMERS = 12;

/** The strategies a read can ask the query API for, and what each promises its session. */
const STRATEGIES = {
  'read-your-writes': { readYourWrites: true, monotonic: true },
  wait: { readYourWrites: true, monotonic: false },
  primary: { readYourWrites: true, monotonic: true },
  eventual: { readYourWrites: false, monotonic: false },
} as const;
type Strategy = keyof typeof STRATEGIES;

interface Sent {
  key: string;
  customer: number;
  bookId: string;
  quantity: number;
  /** Every order id any answer to this key named: more than one is a violation. */
  orderIds: Set<string>;
  position?: number;
  /** No answer yet (the last attempt was lost): asked again at the end at the latest. */
  lost: boolean;
}

const violations: string[] = [];
const violation = (m: string) => {
  if (violations.length < 50) log(`VIOLATION ${m}`);
  violations.push(m);
};

/** A statement on the soak's own connection right after a Postgres restart may meet a dead socket: try again. */
async function retrying<T>(what: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await what();
    } catch (error) {
      if (attempt >= 120) throw error;
      await sleep(250);
    }
  }
}

const stack = await startTestStack({ name: 'soak', withWeb: true, withWorker: true, workers: 2, webInstances: 2, redisAof: true, log: (m) => log(`stack: ${m}`) });
// Interrupted (Ctrl-C, or `timeout`): the stack's processes are detached and would outlive us.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping the stack`);
    void stack.stop().finally(() => process.exit(130));
  });
}
const db = connectDb(stack.databaseUrl, { max: 4 });
const redis = connectRedis(stack.redisUrl);
const sockets = stack.webUrls.map((url) => io(url, { transports: ['websocket'], reconnectionDelayMax: 1000 }));
let exitCode = 1;
try {
  const books = (await bookIds(db.sql)).slice(0, 40);
  const customers = await createCustomers(db, stack.webUrls, CUSTOMERS, REQUEST_TIMEOUT_MS);
  const admin = new HttpClient(stack.webUrls[0]!, REQUEST_TIMEOUT_MS);
  if ((await admin.post('/api/session', { email: 'admin@example.com', password: 'bookstore' })).status !== 200) throw new Error('admin sign-in failed');
  // The admin's session on both instances, for the probe that times each recovery.
  const probers = stack.webUrls.map((url) => admin.on(url));

  const sentByCustomer = customers.map((): Sent[] => []);
  /** Per customer, acknowledged orders not cancelled yet (what cancels and other customers' reads pick from; kept, not searched: a full run sends ~10^6). */
  const openOrders = customers.map((): Sent[] => []);
  const takeOpenOrder = (i: number): Sent | undefined => {
    const list = openOrders[i]!;
    if (list.length === 0) return undefined;
    const at = Math.floor(Math.random() * list.length);
    const s = list[at]!;
    list[at] = list.at(-1)!;
    list.pop();
    return s;
  };
  const commands = { placed: 0, refused: 0, lost: 0, retries: 0, concurrentRetries: 0, cancels: 0, adminCommands: 0, foreignReads: 0 };
  const reads = Object.fromEntries(Object.keys(STRATEGIES).map((s) => [s, { reads: 0, behindOwnWrite: 0, wentBack: 0 }])) as Record<Strategy, { reads: number; behindOwnWrite: number; wentBack: number }>;
  let stopping = false;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;

  const heard = sockets.map(() => ({ last: 0, gaps: 0 }));
  sockets.forEach((socket, i) =>
    socket.on(ADVANCED_EVENT, (m: ProjectionAdvanced) => {
      const h = heard[i]!;
      if (m.from > h.last && h.last > 0) h.gaps++;
      h.last = m.position;
    }),
  );

  /**
   * A customer is one browser behind a load balancer: each request goes to either instance, with
   * one cookie jar (the read-your-writes token's cookie included). The bench's clients keep a jar
   * each, so after every answer the jar is copied to the customer's other clients.
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

  /** Sends (or sends again) one order with its key; no answer or a 5xx is a lost answer, asked again later. */
  async function sendOrder(s: Sent): Promise<void> {
    const { client, shareCookies } = clientOf(s.customer);
    try {
      const res = await client.post<{ orderId?: string; position?: number }>('/api/orders', { lines: [{ bookId: s.bookId, quantity: s.quantity }] }, { 'idempotency-key': s.key });
      shareCookies();
      if (res.status === 201) {
        if (s.orderIds.size === 0) openOrders[s.customer]!.push(s);
        s.orderIds.add(res.body.orderId!);
        if (s.orderIds.size > 1) violation(`key ${s.key} was answered with ${s.orderIds.size} different orders`);
        s.position ??= res.body.position;
        s.lost = false;
        await readOwnOrder(s);
      } else if (res.status >= 500) s.lost = true;
      else {
        s.lost = false;
        commands.refused++;
      }
    } catch {
      s.lost = true;
    }
  }

  /** Per customer and strategy, the highest position among reads that have finished: a read started after them may not be older. */
  const lastSeen = customers.map(() => new Map<Strategy, number>());
  /** Right after an answer, the customer reads the order back with a strategy drawn at random, and we check what it promised. */
  async function readOwnOrder(s: Sent): Promise<void> {
    const strategy = pick(Object.keys(STRATEGIES) as Strategy[]);
    const promise = STRATEGIES[strategy];
    const { client, shareCookies } = clientOf(s.customer);
    const orderId = [...s.orderIds][0]!;
    // Reads in flight at once are not ordered against each other: this one may not be older than those finished before it started.
    const floor = lastSeen[s.customer]!.get(strategy) ?? 0;
    const query = strategy === 'wait' ? `wait&minPosition=${s.position}` : strategy;
    const counts = reads[strategy];
    counts.reads++;
    try {
      type Stamp = { position: number; stale?: boolean };
      const res = await client.get<{ order?: { id: string }; projection?: Stamp; error?: { projection?: Stamp } }>(`/api/orders/${orderId}?consistency=${query}`);
      shareCookies();
      if (res.status >= 500) return; // a store is down: no answer is not a wrong answer
      // A 404 names the position it was served at inside its error.
      const position = (res.body.projection ?? res.body.error?.projection)?.position ?? 0;
      const behind = res.status === 404 || position < s.position!;
      if (behind) counts.behindOwnWrite++;
      if (position < floor) counts.wentBack++;
      const excused = strategy === 'wait' && res.body.projection?.stale; // wait says when it gave up
      if (promise.readYourWrites && behind && !excused) violation(`read-your-writes (${strategy}): customer ${s.customer} read order ${orderId} as ${res.status} at position ${position} after writing it at ${s.position}`);
      if (promise.monotonic && position < floor) violation(`monotonic reads (${strategy}): customer ${s.customer} went back from ${floor} to ${position}`);
      lastSeen[s.customer]!.set(strategy, Math.max(position, lastSeen[s.customer]!.get(strategy) ?? 0));
    } catch {
      // no answer during a fault: nothing was shown
    }
  }

  /** Now and then a customer asks for somebody else's order: it must not exist for them. */
  async function readForeignOrder(i: number): Promise<void> {
    const other = (i + 1 + Math.floor(Math.random() * (customers.length - 1))) % customers.length;
    const theirs = openOrders[other]!.length ? pick(openOrders[other]!) : undefined;
    const orderId = theirs && [...theirs.orderIds][0];
    if (!orderId) return;
    commands.foreignReads++;
    const res = await pick(customers[i]!.clients).get(`/api/orders/${orderId}?consistency=${pick(Object.keys(STRATEGIES))}`).catch(() => undefined);
    if (res && res.status < 500 && res.status !== 404) violation(`customer ${i} read customer ${theirs.customer}'s order ${orderId}: ${res.status}`);
  }

  async function customerLoop(i: number) {
    const mine = sentByCustomer[i]!;
    while (!stopping) {
      const roll = Math.random();
      if (roll < 0.15 && mine.length > 0) {
        // The same command again with its key, as a client does after a timeout; sometimes twice at once.
        const s = pick(mine);
        commands.retries++;
        if (Math.random() < 0.3) {
          commands.concurrentRetries++;
          await Promise.all([sendOrder(s), sendOrder(s)]);
        } else await sendOrder(s);
      } else if (roll < 0.22 && openOrders[i]!.length > 0) {
        const s = takeOpenOrder(i)!;
        commands.cancels++;
        const res = await pick(customers[i]!.clients)
          .post(`/api/orders/${[...s.orderIds][0]}/cancel`, undefined, { 'idempotency-key': `cancel-${s.key}` })
          .catch(() => undefined);
        // Not answered: it may or may not have happened, so it stays open (a later cancel with the same key is answered as the first).
        if (!res || res.status >= 500) openOrders[i]!.push(s);
      } else if (roll < 0.23) await readForeignOrder(i);
      else {
        const s: Sent = { key: crypto.randomUUID(), customer: i, bookId: pick(books), quantity: 1 + Math.floor(Math.random() * 2), orderIds: new Set(), lost: false };
        mine.push(s);
        commands.placed++;
        await sendOrder(s);
      }
    }
  }

  async function adminLoop() {
    while (!stopping) {
      const bookId = pick(books);
      commands.adminCommands++;
      await (Math.random() < 0.4
        ? admin.post(`/api/books/${bookId}/price`, { priceCents: 500 + Math.floor(Math.random() * 3000) })
        : // About what customers buy: stock runs out now and then (orders are refused at zero, never oversold) and comes back.
          admin.post(`/api/books/${bookId}/restock`, { quantity: 1 + Math.floor(Math.random() * 60) })
      ).catch(() => undefined);
      await sleep(50);
    }
  }

  /**
   * From a fault's injection until a command is acknowledged (on either instance) and projected.
   * The probe is a restock of one unit: unlike an order it cannot be refused for want of stock.
   */
  async function recovery(started: number): Promise<number | null> {
    while (performance.now() - started < RECOVERY_LIMIT_MS) {
      try {
        const res = await pick(probers).post<{ position: number }>(`/api/books/${books[0]}/restock`, { quantity: 1 });
        if (res.status === 200) {
          await waitForProjection(redis, res.body.position, RECOVERY_LIMIT_MS);
          return Math.round(performance.now() - started);
        }
      } catch {
        // still down
      }
      await sleep(100);
    }
    return null;
  }

  const { redis: redisService, postgres: postgresService } = stack.services;
  if (!redisService || !postgresService) throw new Error('the soak needs the stack to run Postgres and Redis itself');
  const FAULTS: { name: string; run: () => Promise<unknown> }[] = [
    {
      name: 'kill -9 the active worker',
      run: async () => {
        // The kill travels by NOTIFY (the Lab's button): wait until the process is gone, so the recovery is timed from a real outage.
        const killed = await killActiveWorker(db, await readActiveWorker(redis));
        if (!killed) throw new Error('no active worker to kill');
        for (let i = 0; i < 100 && isRunning(killed.killed.pid); i++) await sleep(50);
        if (isRunning(killed.killed.pid)) throw new Error(`worker ${killed.killed.pid} is still alive`);
      },
    },
    { name: 'kill -9 web instance 2', run: () => stack.restartWeb(1, 'SIGKILL') },
    { name: 'kill -9 Redis, restart from its AOF', run: async () => (await redisService.crash(), await redisService.start()) },
    { name: 'restart Postgres', run: async () => (await postgresService.stop(), await postgresService.start()) },
    { name: 'restart Redis empty', run: () => redisService.restartEmpty() },
    { name: 'drop 5 pushes', run: () => admin.request('PUT', '/api/lab', { dropPushes: 5 }) },
  ];
  // `--faults=postgres,redis` keeps the faults whose names mention any of those words (to chase one).
  const chosen = arg('faults')?.split(',');
  if (chosen) FAULTS.splice(0, FAULTS.length, ...FAULTS.filter((f) => chosen.some((word) => f.name.toLowerCase().includes(word.toLowerCase()))));
  const faults: { name: string; atS: number; recoveryMs: number | null }[] = [];
  // Each fault about twice in a run bounded by time, at least every 2 minutes (a run bounded by
  // events meets each several times); a one-minute run still meets each once. `--fault-every=S` overrides.
  const faultEveryMs = arg('fault-every') ? Number(arg('fault-every')) * 1000 : Math.min(120_000, Math.max(3_000, (minutes * 60_000) / (FAULTS.length * 2 + 1)));
  if (!(faultEveryMs > 0)) throw new Error('--fault-every is in seconds, above 0');
  async function faultLoop() {
    for (let i = 0; ; i++) {
      // Wakes early when the soak ends, so the last fault is not cut short.
      for (const until = Date.now() + faultEveryMs; Date.now() < until && !stopping; ) await sleep(250);
      if (stopping) return;
      const fault = FAULTS[i % FAULTS.length]!;
      const started = performance.now();
      const atS = Math.round((started - t0) / 1000);
      log(`fault: ${fault.name}`);
      await fault.run().catch((error: unknown) => violation(`fault "${fault.name}" could not be injected: ${String(error)}`));
      const recoveryMs = await recovery(started);
      if (recoveryMs === null) violation(`no recovery within ${RECOVERY_LIMIT_MS} ms after "${fault.name}"`);
      faults.push({ name: fault.name, atS, recoveryMs });
      log(`  recovered in ${recoveryMs} ms`);
    }
  }

  const headAtStart = await retrying(() => logHead(db.sql));
  const eventsSoFar = async () => (await logHead(db.sql).catch(() => undefined)) ?? undefined; // undefined while Postgres restarts
  const rss = new RssSampler({ web: stack.webPids, worker: stack.workerPids });
  log(`soak for ${minutes} min${Number.isFinite(maxEvents) ? ` or ${maxEvents} events` : ''}: ${customers.length} customers, 1 admin, 2 web instances, active + standby worker, a fault every ${Math.round(faultEveryMs / 1000)} s`);
  const loops = [...customers.map((_, i) => customerLoop(i)), adminLoop(), faultLoop()];
  const deadline = Date.now() + minutes * 60_000;
  let events = 0;
  let lastReport = Date.now();
  while (Date.now() < deadline && events < maxEvents) {
    await sleep(1000);
    const head = await eventsSoFar();
    if (head === undefined) continue;
    events = head - headAtStart;
    // A standby that takes over changes what it holds: its memory is judged per role.
    const active = (await readActiveWorker(redis).catch(() => null))?.pid;
    rss.sample(events, (role, pid) => (role === 'worker' ? (pid === active ? 'worker (active)' : 'worker (standby)') : role));
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      log(`${events} events`);
    }
  }
  stopping = true;
  log('stopping the load; the fault in progress, if any, finishes first');
  await Promise.all(loops);

  // Every lost answer is asked again with its key until it is answered.
  const sent = sentByCustomer.flat();
  const lost = sent.filter((s) => s.lost);
  commands.lost = lost.length;
  log(`asking again, with their keys, the ${lost.length} commands whose answers were lost`);
  for (const s of lost) for (let tries = 0; s.lost && tries < 50; tries++) await sendOrder(s).then(() => (s.lost ? sleep(200) : undefined));
  for (const s of lost.filter((l) => l.lost)) violation(`key ${s.key}: no answer after 50 more tries`);

  const head = await retrying(() => logHead(db.sql));
  await waitForProjection(redis, head, 120_000);
  log(`checking at log head ${head}`);

  // Exactly once: each acknowledged key's order has one OrderPlaced, and no customer has an order no answer named.
  const acknowledged = new Map(sent.flatMap((s) => [...s.orderIds].map((id) => [id, s] as const)));
  const placed = await retrying(() => db.sql<{ id: string; customer_id: string; n: number }[]>`
    select e.aggregate_id as id, o.customer_id, count(*)::int as n from events e join orders o on o.id = e.aggregate_id
    where e.type = 'OrderPlaced' and o.customer_id = any(${customers.map((c) => c.id)}) group by e.aggregate_id, o.customer_id`);
  for (const row of placed) {
    if (row.n !== 1) violation(`order ${row.id} is in the log ${row.n} times`);
    if (!acknowledged.has(row.id)) violation(`order ${row.id} of ${row.customer_id} was written but no answer named it`);
  }
  const inLog = new Set(placed.map((r) => r.id));
  for (const [id, s] of acknowledged) if (!inLog.has(id)) violation(`order ${id} (key ${s.key}) was acknowledged but is not in the log`);

  // The read models equal the write side, book by book and order by order, at the log head.
  const keys = await activeReadModelKeys(redis);
  const checkpoint = Number(await redis.get(keys.checkpoint));
  if (checkpoint !== head) violation(`checkpoint ${checkpoint} is not the log head ${head}`);
  const bookRows = await retrying(() => db.sql<{ id: string; stock: number; price_cents: number; version: number }[]>`select id, stock, price_cents, version from books`);
  const bookDocs = await redis.mget(bookRows.map((b) => keys.book(b.id)));
  bookRows.forEach((b, i) => {
    const doc = bookDocs[i] ? (JSON.parse(bookDocs[i]!) as { stock: number; priceCents: number; version: number }) : null;
    if (b.stock < 0) violation(`book ${b.id}: stock ${b.stock} in Postgres`);
    if (!doc) return violation(`book ${b.id} is missing from the read model`);
    if (doc.stock < 0) violation(`book ${b.id}: stock ${doc.stock} in the read model`);
    if (doc.stock !== b.stock || doc.priceCents !== b.price_cents || doc.version !== b.version) violation(`book ${b.id}: read model ${JSON.stringify(doc)} vs Postgres stock ${b.stock}, price ${b.price_cents}, version ${b.version}`);
  });
  const orderRows = await retrying(() => db.sql<{ id: string; status: string }[]>`select id, status from orders`);
  for (let from = 0; from < orderRows.length; from += 10_000) {
    const slice = orderRows.slice(from, from + 10_000);
    const docs = await redis.mget(slice.map((o) => keys.order(o.id)));
    slice.forEach((o, i) => {
      const status = docs[i] ? (JSON.parse(docs[i]!) as { status: string }).status : 'missing';
      if (status !== o.status) violation(`order ${o.id}: read model ${status} vs Postgres ${o.status}`);
    });
  }

  // ...and a full replay of the log into a namespace of its own, key by key.
  const replay = await compareWithReplay(db, redis, keys);
  for (const difference of replay.differences) violation(`replay: ${difference}`);
  log(`replayed ${replay.events} events in ${replay.ms} ms: ${replay.keys} keys compared, ${replay.differences.length} differ`);

  // Every socket, reconnected after each fault, heard the last position.
  const heardDeadline = Date.now() + 10_000;
  while (heard.some((h) => h.last < head) && Date.now() < heardDeadline) await sleep(100);
  heard.forEach((h, i) => h.last < head && violation(`the socket on web instance ${i + 1} last heard position ${h.last}, not ${head}`));

  const memory = rss.growth();
  const result = {
    minutes,
    maxEvents: Number.isFinite(maxEvents) ? maxEvents : null,
    durationS: Math.round((performance.now() - t0) / 1000),
    events: head - headAtStart,
    commands,
    reads,
    sockets: heard.map((h) => ({ lastHeard: h.last, gapsHeard: h.gaps })),
    faults,
    memory,
    violations: violations.length,
    firstViolations: violations.slice(0, 20),
    checked: { acknowledgedOrders: acknowledged.size, books: bookRows.length, orders: orderRows.length, headPosition: head, replayedKeys: replay.keys },
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  log(`${result.events} events in ${result.durationS} s; ${commands.placed} orders sent (${commands.retries} retries, ${commands.concurrentRetries} of them twice at once; ${commands.lost} answers lost and asked again; ${commands.refused} refused), ${commands.cancels} cancels, ${commands.adminCommands} admin commands, ${commands.foreignReads} reads of another customer's order`);
  for (const [strategy, r] of Object.entries(reads)) log(`  ${strategy}: ${r.reads} reads, ${r.behindOwnWrite} behind the customer's own write, ${r.wentBack} older than a read before`);
  for (const f of faults) log(`  fault at ${f.atS} s: ${f.name}, recovered in ${f.recoveryMs ?? 'never'} ms`);
  for (const m of memory) log(`  memory: ${m.role} pid ${m.pid}: ${m.firstMiB} MiB over its first ${m.windowEvents} events, ${m.lastMiB} MiB over its last (${m.growthPercent >= 0 ? '+' : ''}${m.growthPercent} %)`);
  log(`${violations.length} violations; written to ${path.relative(process.cwd(), OUT)}`);
  exitCode = violations.length === 0 ? 0 : 1;
} finally {
  for (const socket of sockets) socket.disconnect();
  closeAgents();
  redis.disconnect();
  await db.sql.end({ timeout: 5 }).catch(() => undefined);
  await stack.stop();
}
process.exit(exitCode);
