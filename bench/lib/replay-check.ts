// The soak's strongest check: the live read models, after every fault, equal
// a fresh projection of the whole log into a namespace of its own, key by key.
import type { Redis } from 'ioredis';
import type { DbHandle } from '@/db/client';
import { readModelKeys, type ReadModelKeys } from '@/server/projector/keys';
import { createProjector } from '@/server/projector/projector';

const REPLAY_NAMESPACE = 'soak-replay';

/** Every key of a namespace and its value, by the key's name after the namespace (strings as stored, sorted sets as member/score lists). */
async function dump(redis: Redis, namespace: string): Promise<Map<string, string>> {
  const names: string[] = [];
  for await (const batch of redis.scanStream({ match: `${namespace}:*`, count: 1000 }) as AsyncIterable<string[]>) names.push(...batch);
  const values = new Map<string, string>();
  for (let from = 0; from < names.length; from += 1000) {
    const slice = names.slice(from, from + 1000);
    const types = (await slice.reduce((p, k) => p.type(k), redis.pipeline()).exec())!.map(([, t]) => t as string);
    const read = slice.reduce((p, k, i) => (types[i] === 'zset' ? p.zrange(k, '0', '-1', 'WITHSCORES') : p.get(k)), redis.pipeline());
    (await read.exec())!.forEach(([, value], i) => values.set(slice[i]!.slice(namespace.length + 1), JSON.stringify(value)));
  }
  return values;
}

async function removeNamespace(redis: Redis, namespace: string): Promise<void> {
  for await (const batch of redis.scanStream({ match: `${namespace}:*`, count: 1000 }) as AsyncIterable<string[]>) if (batch.length) await redis.unlink(...batch);
}

export async function compareWithReplay(db: DbHandle, redis: Redis, live: ReadModelKeys): Promise<{ events: number; keys: number; ms: number; differences: string[] }> {
  const started = performance.now();
  const keys = readModelKeys(REPLAY_NAMESPACE);
  await removeNamespace(redis, REPLAY_NAMESPACE); // a replay an earlier run left behind
  const projector = createProjector({ db, redis, keys, batchSize: 5000, announce: false, lab: async () => ({ delayMs: 0, paused: false }) });
  const events = await projector.catchUp();
  await projector.stop();
  const [ours, replayed] = await Promise.all([dump(redis, live.namespace), dump(redis, REPLAY_NAMESPACE)]);
  const differences: string[] = [];
  for (const name of new Set([...ours.keys(), ...replayed.keys()])) {
    const a = ours.get(name);
    const b = replayed.get(name);
    if (a !== b) differences.push(`${name}: live ${a?.slice(0, 200) ?? 'missing'}, replay ${b?.slice(0, 200) ?? 'missing'}`);
  }
  await removeNamespace(redis, REPLAY_NAMESPACE);
  return { events, keys: replayed.size, ms: Math.round(performance.now() - started), differences };
}
