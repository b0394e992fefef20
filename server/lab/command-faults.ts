// The lab's faults on the command path, used up by the next command, whoever
// sends it: "Fail next command" (fails without writing, after `failAfterMs`)
// and `holdNextAppendMs` (holds the transaction open after appending, so
// other writers queue on the append lock). Consumed with an UPDATE of its own,
// so the failing command's rollback cannot restore them, and exactly once
// across processes. A failure keeps the hold armed for the command after it.
//
// They are armed rarely, and checking costs every command a round trip, so
// each process remembers "disarmed" while it listens to the lab's NOTIFY: any
// lab change (or a reconnect of the listening connection, which may have
// missed one) makes it check again.
import { sql } from 'drizzle-orm';
import type { DbHandle } from '@/db/client';
import { LAB_CHANNEL } from './lab-settings';

interface Memory {
  listening: boolean;
  disarmed: boolean;
  /** Bumped by every lab NOTIFY: a check that started before one cannot conclude "disarmed". */
  generation: number;
}

export interface CommandFaults {
  /** Fail this command, answering after this many ms; null: do not fail it. */
  failAfterMs: number | null;
  /** Hold the transaction open this long after the append (0: do not). */
  holdAppendMs: number;
}

const NONE: CommandFaults = { failAfterMs: null, holdAppendMs: 0 };

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

/** The faults armed for this command, disarmed as they are taken. */
export async function consumeCommandFaults(handle: DbHandle): Promise<CommandFaults> {
  const memory = memoryFor(handle);
  if (memory.listening && memory.disarmed) return NONE;
  const generation = memory.generation;
  // `armed` is the row before the update (locked), so the answer says what this command took.
  const rows = await handle.db.execute<{ fail: boolean; fail_after_ms: number; hold_ms: number }>(sql`
    with armed as (
      select fail_next_command as fail, fail_after_ms, hold_next_append_ms as hold_ms
      from lab_settings where id = 1 and (fail_next_command or hold_next_append_ms > 0)
      for update
    )
    update lab_settings
    set fail_next_command = false,
        hold_next_append_ms = case when armed.fail then lab_settings.hold_next_append_ms else 0 end
    from armed where lab_settings.id = 1
    returning armed.fail, armed.fail_after_ms, armed.hold_ms`);
  const [taken] = rows;
  if (!taken) {
    if (memory.generation === generation) memory.disarmed = true;
    return NONE;
  }
  return taken.fail ? { failAfterMs: taken.fail_after_ms, holdAppendMs: 0 } : { failAfterMs: null, holdAppendMs: taken.hold_ms };
}
