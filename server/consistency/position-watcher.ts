// One Redis subscription per web process to the projector's announcements, so
// any number of waiting requests are woken by the push, not by polling.
import type { Redis } from 'ioredis';
import type { ProjectionAdvanced } from '@/server/contracts/api';
import { ADVANCED_CHANNEL } from '@/server/contracts/channels';
import { metrics } from '@/server/observability/metrics';
import { connectRedis } from '@/server/redis';

interface Waiter {
  min: number;
  resolve: (reached: boolean) => void;
}

export class PositionWatcher {
  private readonly waiters = new Set<Waiter>();
  private readonly subscribed: Promise<unknown>;

  constructor(subscriber: Redis) {
    subscriber.on('message', (_channel: string, raw: string) => {
      const position = announcedPosition(raw);
      if (position !== null) this.advanced(position);
    });
    this.subscribed = subscriber.subscribe(ADVANCED_CHANNEL);
  }

  /**
   * Resolves true once the read model reaches `min`, false after `timeoutMs`
   * or once `signal` aborts (the asker went away: nobody is left to answer).
   * Subscribes before reading the checkpoint so an advance in between is not missed.
   */
  async waitFor(min: number, timeoutMs: number, checkpoint: () => Promise<number>, signal?: AbortSignal): Promise<boolean> {
    await this.subscribed;
    if (signal?.aborted) return false;
    return new Promise<boolean>((resolve) => {
      const gone = () => waiter.resolve(false);
      const waiter: Waiter = {
        min,
        resolve: (reached) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', gone);
          if (this.waiters.delete(waiter)) metrics().heldReads.dec();
          resolve(reached);
        },
      };
      const timer = setTimeout(gone, timeoutMs);
      signal?.addEventListener('abort', gone);
      this.waiters.add(waiter);
      metrics().heldReads.inc();
      checkpoint().then(
        (position) => position >= min && waiter.resolve(true),
        () => undefined,
      );
    });
  }

  private advanced(position: number): void {
    for (const waiter of this.waiters) if (position >= waiter.min) waiter.resolve(true);
  }
}

const globalForWatcher = globalThis as unknown as { __positionWatcher?: PositionWatcher };

export function positionWatcher(redisUrl: string): PositionWatcher {
  globalForWatcher.__positionWatcher ??= new PositionWatcher(connectRedis(redisUrl));
  return globalForWatcher.__positionWatcher;
}

/** The position of a projector announcement; null for anything that is not one (the channel is ours, but Redis is a boundary). */
function announcedPosition(raw: string): number | null {
  try {
    const position = (JSON.parse(raw) as Partial<ProjectionAdvanced>).position;
    return typeof position === 'number' && Number.isFinite(position) ? position : null;
  } catch {
    return null;
  }
}
