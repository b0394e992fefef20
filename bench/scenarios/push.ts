// Scenario 5: push latency. Commit -> a socket.io client receiving the
// announcement, with 1,000 sockets connected, first to one web instance and
// then spread over two.
//
// Most sockets live in a child process (lib/socket-swarm.ts); the probe
// sockets live here and are the ones timed, so the figure is the server's
// push, not the swarm's own queueing. A broadcast reaches a room's sockets one
// after another, so where a probe sits matters: per instance in use, one probe
// joins before the swarm (served first) and one after it (served last, the
// figure that includes writing to all 1,000). t0 is the commit instant
// Postgres records (events.occurred_at, as in scenario 1).
//
// Baseline: the projector's own share for the same commands, commit -> its
// announcement on Redis heard by the bench (NOTIFY wake-up, log read, apply,
// publish). The ratio is what the fan-out through the web instances adds.
import { io, type Socket } from 'socket.io-client';
import { ADVANCED_CHANNEL } from '@/server/contracts/channels';
import { ADVANCED_EVENT } from '@/server/contracts/channels';
import { sampleMetric } from '@/server/observability/metrics-text';
import { connectRedis } from '@/server/redis';
import { Arrivals } from '../lib/arrivals';
import { pick, type BenchContext } from '../lib/context';
import { openLoop } from '../lib/load';
import { placeOrder } from '../lib/orders';
import { compared, type Row, type ScenarioResult } from '../lib/report';
import { rssKiB } from '../lib/rss';
import { settle } from '../lib/setup';
import { roundSummary, summarize } from '../lib/stats';
import { startSwarm, type Swarm } from '../lib/swarm';
import { calibratePgClock, now, occurredAt, sleep } from '../lib/timing';

const ID = '5 push latency';
const SOCKETS = 1000;

async function probe(url: string): Promise<{ socket: Socket; heard: Arrivals }> {
  const heard = new Arrivals();
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  socket.on(ADVANCED_EVENT, (m: { position: number }) => heard.heard(m.position, now()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, heard };
}

/** Resident memory of a live process, in bytes. */
export function rssBytes(pid: number): number {
  return (rssKiB(pid) ?? Number.NaN) * 1024;
}

/** What the web instances' own metrics say their V8 heap in use and external memory (buffers) are, in bytes. */
async function heapBytes(urls: string[]): Promise<number> {
  const texts = await Promise.all(urls.map(async (url) => (await fetch(`${url}/api/metrics`)).text()));
  const gauge = (text: string, name: string) => sampleMetric(text, name) ?? Number.NaN;
  return texts.map((t) => gauge(t, 'nodejs_heap_size_used_bytes') + gauge(t, 'nodejs_external_memory_bytes')).reduce((a, b) => a + b, 0);
}

/**
 * The web instances' memory right after a full collection in each (SIGUSR2: server/web-main.ts), so garbage on
 * either side does not count: their RSS, and the heap and buffers they hold. RSS alone can under-count: pages a
 * collection freed after the earlier scenarios' load stay resident and new sockets reuse them.
 */
async function memoryAfterCollection(pids: number[], urls: string[]): Promise<{ rss: number; heap: number }> {
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  await sleep(500);
  return { rss: pids.map(rssBytes).reduce((a, b) => a + b, 0), heap: await heapBytes(urls) };
}

export interface PushRun {
  instances: number;
  sockets: number;
  ratePerSecond: number;
  durationMs: number;
  /** Run while every socket is still connected, after the push is measured (the reconnect storm). */
  whileConnected?: (swarm: Swarm) => Promise<Record<string, unknown>>;
}

export async function measure(ctx: BenchContext, run: PushRun) {
  const { instances, sockets, durationMs } = run;
  const rate = run.ratePerSecond;
  const urls = ctx.stack.webUrls.slice(0, instances);
  await settle(ctx.db.sql, ctx.redis);
  const pids = ctx.stack.webPids().slice(0, instances);
  const before = await memoryAfterCollection(pids, urls);
  const first = await Promise.all(urls.map(probe));
  const swarm = await startSwarm(sockets - 2 * urls.length, urls, 300_000);
  ctx.onCleanup(() => void swarm.stop());
  const last = await Promise.all(urls.map(probe));
  // What the web instances hold per connected socket (growth over the swarm, both instances together).
  const after = await memoryAfterCollection(pids, urls);
  const bytesPerSocket = (after.rss - before.rss) / sockets;
  const heapBytesPerSocket = (after.heap - before.heap) / sockets;
  const probes = [...first, ...last];
  const redisHeard = new Arrivals();
  const subscriber = connectRedis(ctx.stack.redisUrl);
  await subscriber.subscribe(ADVANCED_CHANNEL);
  subscriber.on('message', (_c: string, raw: string) => redisHeard.heard((JSON.parse(raw) as { position: number }).position, now()));
  const tokens: number[] = [];
  let received = Number.NaN;
  try {
    await sleep(500);
    const clock = await calibratePgClock(ctx.db.sql);
    const load = await openLoop({
      ratePerSecond: rate,
      durationMs,
      op: async (i) => {
        const placed = await placeOrder(ctx.customers[i % ctx.customers.length]!.clients[i % instances]!, pick(ctx.bookIds));
        if (placed.ok) tokens.push(placed.position);
        return placed.ok;
      },
    });
    const final = Math.max(0, ...tokens);
    await Promise.all([redisHeard.waitFor(final), ...probes.map((p) => p.heard.waitFor(final))]);
    const committed = await occurredAt(ctx.db.sql, tokens);
    const pushFirst: number[] = [];
    const pushLast: number[] = [];
    const projector: number[] = [];
    for (const token of tokens) {
      const t0 = committed.get(token);
      if (t0 === undefined) continue;
      const local = clock.toLocal(t0);
      const announced = redisHeard.firstAt(token);
      if (announced !== undefined) projector.push(announced - local);
      for (const [list, group] of [
        [pushFirst, first],
        [pushLast, last],
      ] as const) {
        for (const p of group) {
          const at = p.heard.firstAt(token);
          if (at !== undefined) list.push(at - local);
        }
      }
    }
    const afterwards = run.whileConnected ? await run.whileConnected(swarm) : {};
    received = await swarm.stop();
    return {
      afterwards,
      bytesPerSocket,
      heapBytesPerSocket,
      instances,
      rate,
      durationMs,
      load,
      first: summarize(pushFirst),
      last: summarize(pushLast),
      projector: summarize(projector),
      swarmMessages: received,
      commands: tokens.length,
    };
  } finally {
    for (const p of probes) p.socket.disconnect();
    subscriber.disconnect();
    await swarm.stop();
  }
}

export async function push(ctx: BenchContext): Promise<ScenarioResult> {
  const rows: Row[] = [];
  const details: Record<string, unknown> = { sockets: SOCKETS };
  for (const instances of [1, Math.min(2, ctx.stack.webUrls.length)]) {
    const m = await measure(ctx, { instances, sockets: SOCKETS, ratePerSecond: ctx.quick ? 20 : 25, durationMs: ctx.quick ? 6000 : 15_000 });
    const label = `${SOCKETS} sockets, ${instances} web`;
    ctx.log(`  ${label}: push p50 ${m.first.p50.toFixed(1)} ms (first socket) .. ${m.last.p50.toFixed(1)} ms (last), p99 ${m.last.p99.toFixed(1)} ms; projector p50 ${m.projector.p50.toFixed(1)} ms`);
    rows.push(
      compared(ID, `push p50, last socket (${label})`, 'ms', m.last.p50, m.projector.p50),
      compared(ID, `push p99, last socket (${label})`, 'ms', m.last.p99, m.projector.p99),
      compared(ID, `push p50, first socket (${label})`, 'ms', m.first.p50, m.projector.p50),
    );
    details[`${instances} web`] = {
      ratePerSecond: m.rate,
      durationMs: m.durationMs,
      commands: m.commands,
      pushFirstSocketMs: roundSummary(m.first),
      pushLastSocketMs: roundSummary(m.last),
      projectorMs: roundSummary(m.projector),
      swarmMessagesReceived: m.swarmMessages,
      webBytesPerSocket: Math.round(m.bytesPerSocket),
      webHeapBytesPerSocket: Math.round(m.heapBytesPerSocket),
      load: m.load,
    };
    if (instances === ctx.stack.webUrls.length) break;
  }
  return { id: ID, title: 'Push latency: commit -> socket.io client, 1,000 sockets; baseline: commit -> projector announcement', rows, details };
}
