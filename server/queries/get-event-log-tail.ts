// The newest events of the log, for the lab's strip: positions, names and
// times only. Payloads stay on the server: they hold other customers' orders.
import { desc } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { DbHandle } from '@/db/client';
import { events } from '@/db/schema';
import type { EventLogTail } from '@/server/contracts/api';
import { openReadModels } from '@/server/queries/read-model-health';

export const eventLogTailSchema = z.object({
  limit: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'at least 1').max(50, 'at most 50').default(20),
});

export async function getEventLogTail(redis: Redis, { db }: DbHandle, limit: number): Promise<EventLogTail> {
  // The checkpoint first: the projector only applies committed events, so read
  // before the log it can never be ahead of the head reported with it.
  const { ctx } = await openReadModels(redis);
  const newestFirst = await db
    .select({ position: events.position, type: events.type, occurredAt: events.occurredAt })
    .from(events)
    .orderBy(desc(events.position))
    .limit(limit);
  const entries = newestFirst.reverse().map((e) => ({ position: e.position, type: e.type, occurredAt: e.occurredAt.toISOString() }));
  return { events: entries, headPosition: entries.at(-1)?.position ?? 0, checkpoint: ctx?.position ?? null };
}
