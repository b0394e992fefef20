// A read-model read as the strategies compare it: the position it was served
// at, whether the read model answered or refused. "No such order" from a read
// model that has not projected the order yet is a read behind the token, not a
// final answer: read-your-writes must fall back to Postgres and wait must hold,
// exactly as for an answer that lacks the write.
import type { ProjectionStamp } from '@/server/contracts/api';
import { DomainError } from '@/server/domain/errors';

export interface SettledRead<T> {
  position: number;
  /** The answer, or the refusal thrown again. */
  take(): T;
}

export async function settledRead<T extends { projection: ProjectionStamp }>(read: () => Promise<T>): Promise<SettledRead<T>> {
  try {
    const answer = await read();
    return { position: answer.projection.position, take: () => answer };
  } catch (error) {
    const position = error instanceof DomainError ? error.details.projection?.position : undefined;
    // Anything that does not name a position (Redis down, a bug) is not a read to compare.
    if (position === undefined) throw error;
    return {
      position,
      take: () => {
        throw error;
      },
    };
  }
}
