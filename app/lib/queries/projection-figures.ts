// The header's "read model N / log M · K behind", from three sources: the
// status it polls each second, and the page's own evidence, which arrives
// sooner than the next poll:
// - of the read model: a push, or a read-model answer, as soon as the
//   projector writes. A view on the same screen may already show position
//   N+2 while the last poll still says N: the strip must not name an older
//   read model than the page beside it.
// - of the log: the positions this browser's own commands committed at (the
//   scope's token), the write side's word. Right after "Order placed
//   (committed at position 522)" the strip must not say "log 520".
// It may only say less: once either evidence passed the polled figures, how
// many events are still pending is unknown until the next poll (positions
// have holes, so it is not a subtraction), and no count is shown, only that
// the read model is behind.
import type { ProjectionStatus } from '@/server/contracts/api';

export interface StripFigures {
  position: number;
  headPosition: number;
  /** Undefined: not known at `position` (see above). */
  lagEvents: number | undefined;
  /** The read model has not reached the log's head (true even when the count is unknown). */
  behind: boolean;
}

export interface PageEvidence {
  /** The highest position the page saw a read model at (a push, or an answer). */
  readModelAt: number;
  /** The highest position this browser's own commands committed at (the page scope's token, and the Lab's commands: ConsistencyScope.logAt). */
  committedAt: number;
}

export function stripFigures(status: Pick<ProjectionStatus, 'position' | 'headPosition' | 'lagEvents' | 'readModel'>, evidence: PageEvidence): StripFigures {
  let { position, headPosition } = status;
  let lagEvents: number | undefined = status.lagEvents;
  // While rebuilding or unreachable the page's evidence may be of read models that are gone; a commit is in the log whatever Redis holds.
  if (status.readModel === 'ready' && evidence.readModelAt > position) {
    position = evidence.readModelAt;
    lagEvents = undefined;
  }
  if (evidence.committedAt > headPosition) {
    headPosition = evidence.committedAt;
    lagEvents = undefined;
  }
  if (status.readModel === 'ready' && position >= headPosition) return { position, headPosition: position, lagEvents: 0, behind: false };
  return { position, headPosition, lagEvents, behind: position < headPosition };
}
