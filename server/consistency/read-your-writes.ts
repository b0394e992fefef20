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

export async function readYourWrites<T extends { projection: ProjectionStamp }>(
  session: SessionPosition,
  readModelPosition: () => Promise<number>,
  fromReadModel: () => Promise<T>,
  fromPrimary: () => Promise<T>,
): Promise<T> {
  const token = await session.seen();
  if ((await readModelPosition()) >= token) {
    const answer = await fromReadModel();
    // Recheck on the answer itself: the read model may have been reset between the two reads.
    if (answer.projection.position >= token) {
      await session.remember(answer.projection.position);
      return answer;
    }
  }
  metrics().primaryFallbacks.inc({ reason: 'behind-session-token' });
  const answer = await fromPrimary();
  await session.remember(answer.projection.position);
  return answer;
}
