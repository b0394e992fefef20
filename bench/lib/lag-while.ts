// The live projector's lag as a reader of Redis meets it, while something else
// happens (scenario 4: while the active worker rebuilds): one-order appends,
// each sent once the previous one was announced plus a fixed pause (the
// load's pace, ~40 appends/s), timed from the append's commit (as the bench
// sees it) to the projector's announcement of a position that covers it.
import { ADVANCED_CHANNEL } from '@/server/contracts/channels';
import { connectRedis } from '@/server/redis';
import { summarize, type Summary } from './stats';
import { now, sleep } from './timing';

const PACE_MS = 20;
/** An announcement this late means the projector is stuck, not slow. */
const GIVE_UP_MS = 10_000;

/** `append` commits one order and returns its last position. */
export async function announcedLagWhile(redisUrl: string, append: () => Promise<number>, going: () => Promise<boolean>): Promise<Summary> {
  const subscriber = connectRedis(redisUrl);
  let highest = 0;
  let highestAt = 0;
  let waiter: { position: number; resolve: (at: number) => void } | undefined;
  subscriber.on('message', (_channel: string, raw: string) => {
    const position = (JSON.parse(raw) as { position: number }).position;
    if (position <= highest) return;
    highest = position;
    highestAt = now();
    if (waiter && position >= waiter.position) waiter.resolve(highestAt);
  });
  await subscriber.subscribe(ADVANCED_CHANNEL);
  const lags: number[] = [];
  try {
    while (await going()) {
      const position = await append();
      const committed = now();
      // The announcement may be heard before the append's own answer.
      const heard =
        highest >= position
          ? highestAt
          : await new Promise<number>((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error(`position ${position} was not announced within ${GIVE_UP_MS} ms`)), GIVE_UP_MS);
              waiter = { position, resolve: (at) => (clearTimeout(timer), resolve(at)) };
            });
      waiter = undefined;
      lags.push(Math.max(0, heard - committed));
      await sleep(PACE_MS);
    }
  } finally {
    subscriber.disconnect();
  }
  return summarize(lags);
}
