// One rebuild in a process of its own, so that its memory is measured alone:
// scenario 4 runs it at each log size and compares the peak RSS.
//   node --import tsx bench/tools/rebuild-process.ts '{"databaseUrl":...,"redisUrl":...[,"batchSize":...]}'
// Prints `SWITCHED` at the switch, then one line `RESULT {"events":..,"ms":..,"peakRssBytes":..}` (ms: from
// the call until the switch, as the in-process bench timed it before).
import fs from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { cpuMs } from '../lib/proc-cpu';
import { connectDb } from '@/db/client';
import { REBUILD_CONNECTIONS, rebuildReadModels } from '@/server/projector/rebuild';
import { connectRedis } from '@/server/redis';

export interface RebuildProcessResult {
  events: number;
  position: number;
  namespace: string;
  ms: number;
  /** VmHWM: the most this process held in RAM at any moment. */
  peakRssBytes: number;
  /** CPU this process spent from the call until the switch (all its threads: GC helpers too), and its GC pauses meanwhile. */
  cpuMs: number;
  gcPauseMs: number;
}

/** The process's peak resident set so far, from /proc (kB there). */
export function peakRssBytes(pid: number | 'self' = 'self'): number {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

const { databaseUrl, redisUrl, batchSize } = JSON.parse(process.argv[2]!) as { databaseUrl: string; redisUrl: string; batchSize?: number };
const db = connectDb(databaseUrl, { max: REBUILD_CONNECTIONS });
const redis = connectRedis(redisUrl);
let switchedAt = 0;
let cpuAtSwitch: NodeJS.CpuUsage | undefined;
let gcPauseMs = 0;
new PerformanceObserver((list) => {
  if (!switchedAt) for (const entry of list.getEntries()) gcPauseMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
const cpuAtStart = process.cpuUsage();
const started = performance.now();
const status = await rebuildReadModels({
  db,
  redis,
  graceMs: 0,
  batchSize,
  onProgress: (s) => {
    if (s.state === 'switched' && !switchedAt) {
      switchedAt = performance.now();
      cpuAtSwitch = process.cpuUsage(cpuAtStart);
      // The parent reads Postgres's and Redis's CPU at this moment, before the replaced namespace is deleted.
      process.stdout.write('SWITCHED\n');
    }
  },
});
const result: RebuildProcessResult = {
  events: status.eventsApplied,
  position: status.position,
  namespace: status.namespace ?? '',
  ms: (switchedAt || performance.now()) - started,
  peakRssBytes: peakRssBytes(),
  cpuMs: cpuMs(cpuAtSwitch ?? process.cpuUsage(cpuAtStart)),
  gcPauseMs,
};
console.log(`RESULT ${JSON.stringify(result)}`);
await Promise.allSettled([db.sql.end({ timeout: 5 }), redis.quit()]);
process.exit(0);
