// Scenario 4's baseline needs "the same keys, written with no logic": this
// wraps a Redis connection so that every MULTI or pipeline the projector
// builds is also recorded (command name and arguments) as it goes to Redis. Recording costs
// an array push per command; the projector's behaviour is unchanged.
import type { ChainableCommander, Redis } from 'ioredis';

export type RecordedCommand = [name: string, ...args: unknown[]];

export interface Recording {
  redis: Redis;
  /** One entry per executed MULTI or pipeline, in order. */
  batches: RecordedCommand[][];
}

/** `pipelinesOnly`: leave MULTIs out (a rebuild's switch is one; replaying it would move the pointer back). */
export function recordingRedis(redis: Redis, { pipelinesOnly = false } = {}): Recording {
  const batches: RecordedCommand[][] = [];
  const wrapMulti = (multi: ChainableCommander): ChainableCommander => {
    const queued: RecordedCommand[] = [];
    const proxy: ChainableCommander = new Proxy(multi, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        if (prop === 'exec') {
          return (...args: unknown[]) => {
            batches.push(queued);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        if (prop === 'discard') return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
        return (...args: unknown[]) => {
          // `call(name, ...args)` is the command `name`.
          queued.push(prop === 'call' ? (args as RecordedCommand) : [prop, ...args]);
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          // Chainable calls return the pipeline itself: keep the caller on the proxy.
          return result === target ? proxy : result;
        };
      },
    });
    return proxy;
  };
  const wrapped = new Proxy(redis, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'pipeline' || (prop === 'multi' && !pipelinesOnly)) return (...args: unknown[]) => wrapMulti((value as (...a: unknown[]) => ChainableCommander).apply(target, args));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { redis: wrapped, batches };
}

/** Replays recorded batches as plain pipelines (no MULTI, no WATCH, no reads), keys moved to another namespace. */
export async function replayPipelined(redis: Redis, batches: readonly RecordedCommand[][], from: string, to: string): Promise<number> {
  const move = (arg: unknown) => (typeof arg === 'string' && arg.startsWith(`${from}:`) ? `${to}:${arg.slice(from.length + 1)}` : arg);
  const prepared = batches.map((batch) => batch.map(([name, ...args]) => [name, ...args.map(move)] as RecordedCommand));
  const started = performance.now();
  for (const batch of prepared) {
    const pipeline = redis.pipeline();
    for (const [name, ...args] of batch) pipeline.call(name, ...(args as (string | number)[]));
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }
  return performance.now() - started;
}
