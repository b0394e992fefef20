// Strategy: wait for projection (server side).
//
// The request carries the token (`?minPosition=N`). The server holds the answer
// until the read model reaches N, woken by the worker's announcement (no busy
// loop), or until the timeout; then it answers from the read model, marked
// `stale: true` if the timeout won, and says how long it held the read
// (`heldMs`). Cost: the user waits for the lag, and the server holds a request
// open meanwhile.
import type { ProjectionStamp } from '@/server/contracts/api';
import { positionWatcher } from './position-watcher';

export { DEFAULT_WAIT_MS } from '@/server/contracts/api';

export async function waitForProjection<T extends { projection: ProjectionStamp }>(
  redisUrl: string,
  minPosition: number,
  timeoutMs: number,
  readModelPosition: () => Promise<number>,
  fromReadModel: () => Promise<T>,
): Promise<T> {
  const startedAt = performance.now();
  const reached = await positionWatcher(redisUrl).waitFor(minPosition, timeoutMs, readModelPosition);
  const heldMs = Math.round(performance.now() - startedAt);
  const answer = await fromReadModel();
  const stale = !reached && answer.projection.position < minPosition;
  return { ...answer, projection: { ...answer.projection, heldMs, ...(stale ? { stale: true } : {}) } };
}
