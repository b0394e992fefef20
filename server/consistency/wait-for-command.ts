// Strategy: wait for projection, with the read sent beside the command.
//
// The browser knows its command's idempotency key before the command leaves,
// but its position (the token) only when the answer is back. A read that waits
// for the position can leave only then, and costs the screen a second round
// trip after the answer. A read that names the key (`afterCommand=K`) leaves
// with the command: the server holds it until the asker's own command K has
// committed and the read model has projected it, then answers from Redis.
// Where the browser is far from the server, that is one round trip to a
// consistent screen instead of two (docs/decisions/012-wait-sent-with-the-command.md).
//
// Where the position comes from: the command's idempotency record, written in
// the command's own transaction with its position (append-events.ts), looked
// up by (asker, key). Another user's key is never found for this asker: it
// waits out its timeout like a command that never commits, and learns nothing.
// A refused command writes no record either; its browser stops the read.
//
// When to look: at once, and again each time the read model advances. A
// command's commit is followed by its projection's announcement, so the
// lookup after it finds the record; lookups in between (other users' events)
// find nothing and wait again.
import { and, eq } from 'drizzle-orm';
import { idempotencyKeys } from '@/db/schema';
import type { ProjectionStamp } from '@/server/contracts/api';
import { db } from '@/server/context';
import { positionWatcher } from './position-watcher';
import { waitForProjection, type HeldRead } from './wait-for-projection';

/** The position the asker's command `key` committed at, or null if it has not committed (or is not theirs). */
export async function committedPosition(userId: string, key: string): Promise<number | null> {
  const [row] = await db()
    .db.select({ result: idempotencyKeys.result })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  const position = (row?.result as { position?: unknown } | null | undefined)?.position;
  return typeof position === 'number' ? position : null;
}

export async function waitForCommand<T extends { projection: ProjectionStamp }>(commandPosition: () => Promise<number | null>, held: HeldRead<T>): Promise<T> {
  const { redisUrl, timeoutMs, readModelPosition, fromReadModel, signal } = held;
  const startedAt = performance.now();
  const left = () => Math.max(0, timeoutMs - (performance.now() - startedAt));
  let position = await commandPosition();
  while (position === null && left() > 0 && !signal?.aborted) {
    // Any advance wakes it; the checkpoint read inside waitFor catches one that came before it listened.
    const at = await readModelPosition();
    await positionWatcher(redisUrl).waitFor(at + 1, left(), readModelPosition, signal);
    position = await commandPosition();
  }
  if (position === null) {
    // Not committed within the timeout (refused, still running, or not the asker's): what the read model has, marked stale.
    const answer = await fromReadModel();
    return { ...answer, projection: { ...answer.projection, heldMs: Math.round(performance.now() - startedAt), stale: true } };
  }
  const answer = await waitForProjection(position, { ...held, timeoutMs: left() });
  return { ...answer, projection: { ...answer.projection, heldMs: Math.round(performance.now() - startedAt) } };
}
