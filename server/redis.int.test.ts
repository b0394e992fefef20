// A fresh connection's first commands, all in one tick, as a web instance
// meets them when it starts under load. With auto-pipelining, a script
// defined as a command after the tick's pipeline opened broke that pipeline
// and every one after it: the process's Redis calls hung (ioredis#1931).
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openActiveNamespace } from '@/server/projector/keys';
import { connectRedis } from '@/server/redis';

const opened: Redis[] = [];
afterEach(() => {
  for (const redis of opened.splice(0)) redis.disconnect();
});

describe('a fresh Redis connection', () => {
  it('answers a read model script sent in the same tick as other commands, and keeps answering', async () => {
    const redis = connectRedis(inject('redisUrl'));
    opened.push(redis);
    const [pong, active, again] = await Promise.all([redis.ping(), openActiveNamespace(redis), redis.get('no-such-key')]);
    expect(pong).toBe('PONG');
    expect(active.keys.namespace).toEqual(expect.any(String));
    expect(again).toBeNull();
    // The pipelines after the first still run.
    expect(await Promise.all([redis.ping(), openActiveNamespace(redis).then((a) => a.keys.namespace)])).toEqual(['PONG', active.keys.namespace]);
  });
});
