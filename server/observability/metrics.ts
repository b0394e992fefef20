// Prometheus metrics for operators (GET /api/metrics). prom-client keeps one
// registry per process; next.config.ts keeps it out of the route bundles so
// routes, server actions and socket.io all count into the same one.
import client from 'prom-client';
import type { ProjectionAdvanced } from '@/server/contracts/api';

const globalForMetrics = globalThis as unknown as { __bookstoreMetrics?: ReturnType<typeof create> };

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    /** A command's counter and histogram for one outcome, bound once: prom-client hashes the labels on every unbound call. */
    commandSeries: new Map<string, { count: client.Counter.Internal; seconds: client.Histogram.Internal<'command' | 'outcome'> }>(),
    commands: new client.Counter({ name: 'bookstore_commands_total', help: 'Commands handled, by command and outcome (ok or error code).', labelNames: ['command', 'outcome'], registers: [registry] }),
    commandSeconds: new client.Histogram({
      name: 'bookstore_command_duration_seconds',
      help: 'Command latency, by command and outcome.',
      labelNames: ['command', 'outcome'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    projectionLag: new client.Histogram({
      name: 'bookstore_projection_lag_seconds',
      help: 'From an event committing to this web process hearing it was projected.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    eventsApplied: new client.Counter({ name: 'bookstore_events_applied_total', help: 'Events the projector announced as applied.', registers: [registry] }),
    sockets: new client.Gauge({ name: 'bookstore_socket_connections', help: 'Open socket.io connections on this web process.', registers: [registry] }),
    heldReads: new client.Gauge({ name: 'bookstore_held_reads', help: 'Reads this web process holds open for the read model to advance (wait for projection).', registers: [registry] }),
    primaryFallbacks: new client.Counter({
      name: 'bookstore_primary_fallbacks_total',
      help: 'Reads answered from Postgres because the read model was behind (read-your-writes) or unavailable.',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
}

export function metrics() {
  globalForMetrics.__bookstoreMetrics ??= create();
  return globalForMetrics.__bookstoreMetrics;
}

export function observeCommand(command: string, outcome: string, startedAt: number): void {
  const key = `${command}\n${outcome}`;
  const m = metrics();
  let series = m.commandSeries.get(key);
  if (!series) {
    m.commandSeries.set(key, (series = { count: m.commands.labels({ command, outcome }), seconds: m.commandSeconds.labels({ command, outcome }) }));
  }
  series.count.inc();
  series.seconds.observe((performance.now() - startedAt) / 1000);
}

/** The web process learns about projection from the announcements it relays. */
export function observeAnnouncement(message: ProjectionAdvanced, receivedAt = Date.now()): void {
  const m = metrics();
  if (message.applied) m.eventsApplied.inc(message.applied);
  if (message.occurredAt) m.projectionLag.observe(Math.max(0, receivedAt - message.occurredAt) / 1000);
}
