// Scenario 10: 10,000 sockets over the 2 web instances. The push to the last
// socket of the room (p50/p99) beside the projector's own announcement, as in
// scenario 5; the web instances' memory per connected socket; and the
// reconnect storm: each web instance in turn is restarted (SIGTERM, as a
// deploy does) and the bench times how long its sockets take to be connected
// again, from the moment it answers health checks, with socket.io's own
// reconnect back-off as the app's browsers use it.
import { compared, absolute, type Row, type ScenarioResult } from '../lib/report';
import { roundSummary } from '../lib/stats';
import type { BenchContext } from '../lib/context';
import { measure } from './push';

const ID = '10 sockets';

interface Storm {
  instance: number;
  dropped: number;
  /** SIGTERM to the instance answering again. */
  restartMs: number;
  /** Instance answering again to its last socket connected again. */
  reconnectMs: number;
}

export async function manySockets(ctx: BenchContext): Promise<ScenarioResult> {
  const sockets = ctx.quick ? 2000 : 10_000;
  const instances = Math.min(2, ctx.stack.webUrls.length);
  const storms: Storm[] = [];
  const m = await measure(ctx, {
    instances,
    sockets,
    // Every command reaches every socket: 5 commands/s is 50,000 messages/s on the 2 shared cores.
    ratePerSecond: ctx.quick ? 3 : 5,
    durationMs: ctx.quick ? 5000 : 12_000,
    whileConnected: async (swarm) => {
      const swarmSockets = sockets - 2 * instances;
      for (let i = 0; i < instances; i++) {
        // The swarm deals its sockets round-robin over the instances.
        const onThisInstance = Math.ceil((swarmSockets - i) / instances);
        const back = swarm.nextLine(/^back (\d+) (\d+)$/, 180_000);
        const stoppedAt = Date.now();
        await ctx.stack.restartWeb(i);
        const healthyAt = Date.now();
        const [, reconnected, lastAt] = await back;
        if (Number(reconnected) !== onThisInstance) throw new Error(`restart of web ${i + 1}: ${onThisInstance} sockets were on it, ${reconnected} came back`);
        storms.push({ instance: i + 1, dropped: onThisInstance, restartMs: healthyAt - stoppedAt, reconnectMs: Number(lastAt) - healthyAt });
        ctx.log(`  restart of web ${i + 1}: its ${onThisInstance} sockets dropped, up again in ${healthyAt - stoppedAt} ms, all reconnected ${Number(lastAt) - healthyAt} ms later`);
      }
      return { storms };
    },
  });
  const label = `${sockets.toLocaleString('en')} sockets, ${instances} web`;
  ctx.log(`  ${label}: push p50 ${m.last.p50.toFixed(1)} ms (last socket), p99 ${m.last.p99.toFixed(1)} ms; projector p50 ${m.projector.p50.toFixed(1)} ms; ${Math.round(m.bytesPerSocket / 1024)} KiB RSS and ${Math.round(m.heapBytesPerSocket / 1024)} KiB heap per socket`);
  const rows: Row[] = [
    compared(ID, `push p50, last socket (${label})`, 'ms', m.last.p50, m.projector.p50),
    compared(ID, `push p99, last socket (${label})`, 'ms', m.last.p99, m.projector.p99),
    absolute(ID, `web memory per socket (${label}, RSS growth / sockets)`, 'KiB', m.bytesPerSocket / 1024),
    absolute(ID, `web heap + buffers per socket (${label}, growth / sockets)`, 'KiB', m.heapBytesPerSocket / 1024),
    ...storms.map((s) => absolute(ID, `reconnect storm: web ${s.instance} restarted, its ${s.dropped.toLocaleString('en')} sockets all back (ms after it answers; restart took ${s.restartMs} ms)`, 'ms', s.reconnectMs)),
    absolute(ID, `reconnects (${label}), every dropped socket back`, '', storms.reduce((n, s) => n + s.dropped, 0)),
  ];
  return {
    id: ID,
    title: `${label}: push to the last socket, memory per socket, and the reconnect storm after a restart`,
    rows,
    details: {
      sockets,
      ratePerSecond: m.rate,
      commands: m.commands,
      pushLastSocketMs: roundSummary(m.last),
      pushFirstSocketMs: roundSummary(m.first),
      projectorMs: roundSummary(m.projector),
      webBytesPerSocket: Math.round(m.bytesPerSocket),
      webHeapBytesPerSocket: Math.round(m.heapBytesPerSocket),
      storms,
      swarmMessagesReceived: m.swarmMessages,
    },
  };
}
