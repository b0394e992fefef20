// The demo's operator knobs and faults. Durable in Postgres (they are
// configuration, not domain facts, so they bypass the event log); a change is
// announced with NOTIFY so the projector and the command path notice at once.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbHandle } from '@/db/client';
import { labSettings, type LabSettings } from '@/db/schema';
import type { LabSettingsView } from '@/server/contracts/api';

export const LAB_CHANNEL = 'lab_changed';
export const DEMO_DEFAULTS: LabSettingsView = {
  delayMs: 1500,
  paused: false,
  failNextCommand: false,
  jitterMs: 0,
  failAfterMs: 0,
  dropPushes: 0,
  duplicatePushes: 0,
  reorderPushes: 0,
  holdNextAppendMs: 0,
};

export const MAX_LAB_MS = 60_000;
export const MAX_LAB_COUNT = 1000;

const milliseconds = z
  .number({ message: 'must be a number' })
  .int('must be whole milliseconds')
  .min(0, 'cannot be negative')
  .max(MAX_LAB_MS, `at most ${MAX_LAB_MS} ms`);
const count = z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'cannot be negative').max(MAX_LAB_COUNT, `at most ${MAX_LAB_COUNT}`);
const flag = z.boolean({ message: 'must be true or false' });

export const labUpdateSchema = z
  .strictObject({
    delayMs: milliseconds,
    paused: flag,
    failNextCommand: flag,
    jitterMs: milliseconds,
    failAfterMs: milliseconds,
    dropPushes: count,
    duplicatePushes: count,
    reorderPushes: count,
    holdNextAppendMs: milliseconds,
  })
  .partial();

export type LabUpdate = z.infer<typeof labUpdateSchema>;

export function labView(row: LabSettings): LabSettingsView {
  const { id: _id, ...view } = row;
  return view;
}

export async function readLabSettings({ db }: DbHandle): Promise<LabSettingsView> {
  const [row] = await db.select().from(labSettings).where(eq(labSettings.id, 1));
  return row ? labView(row) : DEMO_DEFAULTS;
}

export async function writeLabSettings({ db }: DbHandle, patch: LabUpdate): Promise<LabSettingsView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(labSettings)
      .values({ id: 1, ...DEMO_DEFAULTS, ...patch })
      .onConflictDoUpdate({ target: labSettings.id, set: Object.keys(patch).length === 0 ? { id: 1 } : patch })
      .returning();
    await tx.execute(sql`select pg_notify(${LAB_CHANNEL}, '')`);
    if (!row) throw new Error('lab_settings upsert returned nothing');
    return labView(row);
  });
}
