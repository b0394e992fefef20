// The lab's "Fail next command": the next command, whoever sends it, fails
// without writing anything. Consumed with its own UPDATE so the failing
// command's rollback cannot restore it, and exactly once across processes.
//
// It is armed rarely, and checking costs every command a round trip, so each
// process remembers "disarmed" while it listens to the lab's NOTIFY: any lab
// change (or a reconnect of the listening connection, which may have missed
// one) makes it check again.
import { and, eq } from 'drizzle-orm';
import type { DbHandle } from '@/db/client';
import { labSettings } from '@/db/schema';
import { LAB_CHANNEL } from './lab-settings';

interface Memory {
  listening: boolean;
  disarmed: boolean;
  /** Bumped by every lab NOTIFY: a check that started before one cannot conclude "disarmed". */
  generation: number;
}

const memories = new WeakMap<DbHandle, Memory>();

function memoryFor(handle: DbHandle): Memory {
  let memory = memories.get(handle);
  if (memory) return memory;
  const created: Memory = { listening: false, disarmed: false, generation: 0 };
  const forget = () => {
    created.generation++;
    created.disarmed = false;
  };
  handle.sql
    .listen(LAB_CHANNEL, forget, () => {
      forget();
      created.listening = true;
    })
    .catch(() => undefined); // without a listener, nothing is remembered: every command checks
  memories.set(handle, (memory = created));
  return memory;
}

/** True if the lab armed "fail next command" and this command is the one to fail (it is disarmed again). */
export async function consumeLabFailure(handle: DbHandle): Promise<boolean> {
  const memory = memoryFor(handle);
  if (memory.listening && memory.disarmed) return false;
  const generation = memory.generation;
  const rows = await handle.db
    .update(labSettings)
    .set({ failNextCommand: false })
    .where(and(eq(labSettings.id, 1), eq(labSettings.failNextCommand, true)))
    .returning({ id: labSettings.id });
  if (rows.length === 0 && memory.generation === generation) memory.disarmed = true;
  return rows.length > 0;
}
