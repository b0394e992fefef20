// Strategy: wait for projection (server side).
//
// The request carries the token (`?minPosition=N`). The server holds the answer
// until the read model reaches N, woken by the worker's announcement (no busy
// loop), or until the timeout; then it answers from the read model, marked
// `stale: true` if the timeout won, and says how long it held the read
// (`heldMs`). Cost: the user waits for the lag, and the server holds a request
// open meanwhile.
//
// The read goes first: its answer carries the position it was served at, so a
// read model that already has N (the common case once the lag is short) is
// answered in that one round trip, held 0 ms. Only an answer behind N waits for
// the announcement and reads again. Asking the checkpoint first cost every wait
// read a second Redis round trip on the path from a click to a consistent screen.
import type { ProjectionStamp } from '@/server/contracts/api';
import { positionWatcher } from './position-watcher';
import { settledRead } from './settled-read';

export { DEFAULT_WAIT_MS } from '@/server/contracts/api';

/** What a held read needs, whatever it waits for. */
export interface HeldRead<T> {
  redisUrl: string;
  timeoutMs: number;
  readModelPosition: () => Promise<number>;
  fromReadModel: () => Promise<T>;
  /** The asker went away: stop holding. */
  signal?: AbortSignal;
}

export async function waitForProjection<T extends { projection: ProjectionStamp }>(minPosition: number, held: HeldRead<T>): Promise<T> {
  const { redisUrl, timeoutMs, readModelPosition, fromReadModel, signal } = held;
  const startedAt = performance.now();
  // A refusal behind N ("no such order" before the order is projected) is held like an answer behind N.
  const first = await settledRead(fromReadModel);
  if (first.position >= minPosition) {
    const answer = first.take();
    return { ...answer, projection: { ...answer.projection, heldMs: 0 } };
  }
  // The watcher reads the checkpoint again after it starts listening, so an advance since `first` is not missed.
  const reached = await positionWatcher(redisUrl).waitFor(minPosition, Math.max(0, timeoutMs - (performance.now() - startedAt)), readModelPosition, signal);
  const heldMs = Math.round(performance.now() - startedAt);
  const answer = await fromReadModel();
  const stale = !reached && answer.projection.position < minPosition;
  return { ...answer, projection: { ...answer.projection, heldMs, ...(stale ? { stale: true } : {}) } };
}
