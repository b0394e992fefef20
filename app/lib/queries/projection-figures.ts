// The header's "read model N / log M · K behind", from two sources: the
// status it polls each second, and the page's own evidence of the read
// model (a push, or a read-model answer), which arrives as soon as the
// projector writes. A view on the same screen may already show position N+2
// from a push while the last poll still says N: the strip must not name an
// older read model than the page beside it. It may only say less: when the
// evidence passed the polled position but not the polled head, how many
// events are still pending is unknown until the next poll (positions have
// holes, so it is not a subtraction), and no count is shown.
import type { ProjectionStatus } from '@/server/contracts/api';

export interface StripFigures {
  position: number;
  headPosition: number;
  /** Undefined: not known at `position` (see above). */
  lagEvents: number | undefined;
}

export function stripFigures(status: Pick<ProjectionStatus, 'position' | 'headPosition' | 'lagEvents' | 'readModel'>, readModelAt: number): StripFigures {
  const polled = { position: status.position, headPosition: status.headPosition, lagEvents: status.lagEvents };
  // While rebuilding or unreachable the page's evidence may be of read models that are gone.
  if (status.readModel !== 'ready' || readModelAt <= status.position) return polled;
  if (readModelAt >= status.headPosition) return { position: readModelAt, headPosition: readModelAt, lagEvents: 0 };
  return { position: readModelAt, headPosition: status.headPosition, lagEvents: undefined };
}
