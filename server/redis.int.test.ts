// A fresh connection's first commands, all in one tick, as a web instance
// meets them when it starts under load. With auto-pipelining, a script
// defined as a command after the tick's pipeline opened broke that pipeline
// and every one after it: the process's Redis calls hung (ioredis#1931).
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { freePort } from '@/server/dev/free-port';
import { openActiveNamespace } from '@/server/projector/keys';
import { connectRedis } from '@/server/redis';
import { tcpRelay } from '@/server/testing/tcp-relay';

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

describe('a Redis connection while Redis cannot be reached', () => {
  it('logs the outage once, not each reconnect attempt, and once more when Redis is back', async () => {
    const printed: string[] = [];
    const capture = (...args: unknown[]) => void printed.push(args.map(String).join(' '));
    const spies = [vi.spyOn(console, 'log').mockImplementation(capture), vi.spyOn(console, 'error').mockImplementation(capture)];
    // A port nothing listens on, behind a relay the test turns on: "Redis" comes back on the same address.
    const target = new URL(inject('redisUrl'));
    const port = await freePort();
    const relay = tcpRelay(port, target);
    const redis = connectRedis(`redis://127.0.0.1:${port}`);
    try {
      let attempts = 0;
      redis.on('reconnecting', () => attempts++);
      await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(5), { timeout: 10_000 });
      await relay.on();
      expect(await redis.ping()).toBe('PONG');
    } finally {
      spies.forEach((spy) => spy.mockRestore());
      redis.disconnect();
      await relay.off();
    }
    const events = printed.map((line) => (line.startsWith('{') ? (JSON.parse(line) as { event: string }).event : line));
    expect(events).toEqual(['redis.unavailable', 'redis.available']);
  });
});
