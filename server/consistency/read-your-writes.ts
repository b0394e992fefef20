// Strategy: read-your-writes (server side).
//
// The session remembers the highest position it has written or been served.
// If the read model has not reached it, this one view is answered from
// Postgres instead (`source: "primary"`), so you see your own writes at once
// and never see time go backwards when moving between pages (monotonic reads).
// Cost: reads that fall back hit the write database, and a primary answer is
// slower than Redis.
import type { ProjectionStamp } from '@/server/contracts/api';
import { metrics } from '@/server/observability/metrics';
import type { SessionPosition } from './seen-positions';
import { settledRead } from './settled-read';

export async function readYourWrites<T extends { projection: ProjectionStamp }>(
  session: SessionPosition,
  fromReadModel: () => Promise<T>,
  fromPrimary: () => Promise<T>,
): Promise<T> {
  // The token and the read go out together: the answer carries the position it
  // was served at, and that is what is compared (not the checkpoint read before
  // it, which the read model could pass, or be reset below, in between).
  // A refusal ("no such order") is compared the same way: one behind the token may be our own unprojected write.
  const [token, read] = await Promise.all([session.seen(), settledRead(fromReadModel)]);
  if (read.position >= token) {
    // Monotonic reads: the token rises to what this browser has now been served.
    if (read.position > token) await session.remember(read.position);
    return read.take();
  }
  metrics().primaryFallbacks.inc({ reason: 'behind-session-token' });
  const primary = await fromPrimary();
  await session.remember(primary.projection.position);
  return primary;
}
