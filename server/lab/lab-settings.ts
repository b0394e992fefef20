// The demo's operator knobs. Durable in Postgres (they are configuration, not
// domain facts, so they bypass the event log); a change wakes the projector.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbHandle } from '@/db/client';
import { labSettings } from '@/db/schema';
import type { LabSettingsView } from '@/server/contracts/api';

export const LAB_CHANNEL = 'lab_changed';
export const DEMO_DEFAULTS: LabSettingsView = { delayMs: 1500, paused: false, failNextCommand: false };

export const labUpdateSchema = z
  .strictObject({
    delayMs: z.number({ message: 'must be a number' }).int('must be whole milliseconds').min(0, 'cannot be negative').max(60_000, 'at most 60000 ms'),
    paused: z.boolean({ message: 'must be true or false' }),
    failNextCommand: z.boolean({ message: 'must be true or false' }),
  })
  .partial();

export async function readLabSettings({ db }: DbHandle): Promise<LabSettingsView> {
  const [row] = await db.select().from(labSettings).where(eq(labSettings.id, 1));
  if (!row) return DEMO_DEFAULTS;
  return { delayMs: row.delayMs, paused: row.paused, failNextCommand: row.failNextCommand };
}

export async function writeLabSettings({ db }: DbHandle, patch: z.infer<typeof labUpdateSchema>): Promise<LabSettingsView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(labSettings)
      .values({ id: 1, ...DEMO_DEFAULTS, ...patch })
      .onConflictDoUpdate({ target: labSettings.id, set: patch.delayMs === undefined && patch.paused === undefined && patch.failNextCommand === undefined ? { id: 1 } : patch })
      .returning();
    await tx.execute(sql`select pg_notify(${LAB_CHANNEL}, '')`);
    if (!row) throw new Error('lab_settings upsert returned nothing');
    return { delayMs: row.delayMs, paused: row.paused, failNextCommand: row.failNextCommand };
  });
}
