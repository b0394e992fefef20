// A child process that only listens and timestamps: when each announcement
// arrives, on the Postgres clock. Scenario 1 times "commit -> heard"; heard in
// the bench process, the figure would include that event loop's queue, which
// is busy generating the load (and busier generating HTTP load than SQL load,
// so the app would be charged for the load generator). Here both the app's
// and the baseline's announcements are heard by an idle process.
//   node --import tsx bench/lib/arrival-listener.ts   (forked by arrival-process.ts)
import { connectDb } from '@/db/client';
import { parseAppendedNotice } from '@/server/events/appended-notice';
import { connectRedis } from '@/server/redis';
import { calibratePgClock, now, sleep } from './timing';

export interface ListenerConfig {
  databaseUrl: string;
  /**
   * Where the announcements come from: Redis pub/sub (JSON with a position),
   * a Postgres NOTIFY naming its key (a number), or the app's own append
   * notice (server/events/appended-notice.ts; keyed by its head position).
   */
  source: { kind: 'redis'; url: string; channel: string } | { kind: 'postgres'; channel: string } | { kind: 'append-notice'; channel: string };
}

export type ListenerRequest = { report: { waitFor: number[]; timeoutMs: number } };
export type ListenerMessage = { ready: { uncertaintyMs: number } } | { arrivals: [key: number, pgMs: number][] };

/** Resolves once the message is handed to the channel: disconnecting sooner can cut off a large one (the arrivals). */
const send = (message: ListenerMessage) => new Promise<void>((resolve, reject) => process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())));
const config = JSON.parse(process.argv[2]!) as ListenerConfig;
const db = connectDb(config.databaseUrl, { max: 2 });
const clock = await calibratePgClock(db.sql);
// performance.now() -> Postgres epoch ms: the inverse of the calibrated mapping.
const offset = clock.toLocal(0);
const arrivals: [number, number][] = [];
const heard = new Set<number>();
const record = (key: number) => {
  arrivals.push([key, now() - offset]);
  heard.add(key);
};

let stop: () => Promise<unknown>;
if (config.source.kind === 'redis') {
  const subscriber = connectRedis(config.source.url);
  subscriber.on('message', (_channel: string, raw: string) => record((JSON.parse(raw) as { position: number }).position));
  await subscriber.subscribe(config.source.channel);
  stop = async () => subscriber.disconnect();
} else {
  const keyOf = config.source.kind === 'postgres' ? Number : (payload: string) => parseAppendedNotice(payload)?.head ?? 0;
  const listener = await db.sql.listen(config.source.channel, (payload) => record(keyOf(payload)));
  stop = () => listener.unlisten();
}
process.on('message', (request: ListenerRequest) => {
  void (async () => {
    const { waitFor, timeoutMs } = request.report;
    const deadline = Date.now() + timeoutMs;
    // Redis announces the position a batch reached (one may cover several) and
    // an append notice the last position of its transaction; a bare NOTIFY names its own key.
    const byPosition = config.source.kind !== 'postgres';
    const covered = (key: number) => (byPosition ? arrivals.some(([p]) => p >= key) : heard.has(key));
    const highest = Math.max(0, ...waitFor);
    while (Date.now() < deadline && !(byPosition ? covered(highest) : waitFor.every(covered))) await sleep(10);
    await send({ arrivals });
    await stop();
    await db.sql.end({ timeout: 2 });
    process.disconnect();
  })();
});
// After the handler: a child's IPC channel keeps it alive only while something listens on it.
await send({ ready: { uncertaintyMs: clock.uncertaintyMs } });
