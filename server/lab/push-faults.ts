// The lab's faults on the push to browsers: the next N announcements are
// dropped, sent twice, or swapped with the one after. Only the socket push is
// touched (what browsers hear); the projection and the web's own waiters are
// not, so these show how clients cope with a lossy, repeating, reordering
// channel: a push whose `from` is past the last one heard is a gap, and the
// client refetches everything (app/lib/consistency/announcements.ts).
//
// Pushes keep their order through a promise chain. Checking costs a Postgres
// round trip, so as for the command faults (command-faults.ts) the process
// remembers "disarmed" until the lab's NOTIFY says something changed.
import { sql } from 'drizzle-orm';
import type { DbHandle } from '@/db/client';
import type { ProjectionAdvanced } from '@/server/contracts/api';
import { log } from '@/server/log';
import { LAB_CHANNEL } from './lab-settings';

export type PushFault = 'drop' | 'duplicate' | 'reorder';
type Push = (announcement: ProjectionAdvanced) => void;

/** A push held for reordering goes out alone if nothing follows it this soon. */
const HOLD_AT_MOST_MS = 2000;

export function withPushFaults(handle: DbHandle, push: Push): Push {
  let disarmed = false;
  let generation = 0;
  handle.sql
    .listen(LAB_CHANNEL, () => {
      generation++;
      disarmed = false;
    })
    .catch(() => undefined); // without a listener every push checks

  async function take(): Promise<PushFault | null> {
    if (disarmed) return null;
    const before = generation;
    const [row] = await handle.db.execute<{ drop_pushes: number; duplicate_pushes: number; reorder_pushes: number }>(sql`
      with armed as (
        select drop_pushes, duplicate_pushes, reorder_pushes from lab_settings
        where id = 1 and (drop_pushes > 0 or duplicate_pushes > 0 or reorder_pushes > 0)
        for update
      )
      update lab_settings set
        drop_pushes = greatest(armed.drop_pushes - 1, 0),
        duplicate_pushes = case when armed.drop_pushes > 0 then armed.duplicate_pushes else greatest(armed.duplicate_pushes - 1, 0) end,
        reorder_pushes = case when armed.drop_pushes > 0 or armed.duplicate_pushes > 0 then armed.reorder_pushes else greatest(armed.reorder_pushes - 1, 0) end
      from armed where lab_settings.id = 1
      returning armed.drop_pushes, armed.duplicate_pushes, armed.reorder_pushes`);
    if (!row) {
      if (generation === before) disarmed = true;
      return null;
    }
    return row.drop_pushes > 0 ? 'drop' : row.duplicate_pushes > 0 ? 'duplicate' : 'reorder';
  }

  let held: { announcement: ProjectionAdvanced; timer: NodeJS.Timeout } | null = null;
  const release = () => {
    if (!held) return;
    clearTimeout(held.timer);
    const { announcement } = held;
    held = null;
    push(announcement);
  };

  function deliver(announcement: ProjectionAdvanced, fault: PushFault | null) {
    if (fault) log.info('lab.push_fault', { fault, from: announcement.from, position: announcement.position });
    if (fault === 'reorder' && !held) {
      held = { announcement, timer: setTimeout(release, HOLD_AT_MOST_MS) };
      return;
    }
    if (fault !== 'drop') push(announcement);
    if (fault === 'duplicate') push(announcement);
    release(); // a held push goes out after the one that overtook it
  }

  let chain = Promise.resolve();
  return (announcement) => {
    chain = chain.then(
      async () => deliver(announcement, await take().catch(() => null)), // no lab, no fault: the push still goes out
    );
  };
}
