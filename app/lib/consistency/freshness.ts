// The freshness badge's states and words, in one table. A badge speaks of
// this view only: where its data was read and at which position. How far the
// read model and the log are (Q, R) is the header's strip, never the badge's.
//
// | state     | when                                                        | words                                            |
// |-----------|-------------------------------------------------------------|--------------------------------------------------|
// | loading   | no answer yet, no strategy waiting                          | loading                                          |
// | not-yet   | a read model said "not found" behind a position we know of  | not in the read model yet (at P, need N)         |
// | pending   | an optimistic change is laid over the data read at P        | pending: your change over position P             |
// | strategy  | a strategy has something to say (the highest rank wins):    | its own words, e.g. "Waiting for the read model  |
// |           | waiting, timed out (with the policy), syncing, refreshing   | to reach position N (now at M), held ... ms"     |
// | stale     | the server answered a wait after its timeout                | stale (timed out) at position P                  |
// | primary   | the answer came from Postgres                               | served from primary at position P (+ why)        |
// | fresh     | the answer came from the read model                         | position P                                       |
import type { ProjectionStamp, ReadModelState } from '@/server/contracts/api';
import type { BadgeClaim } from '@/app/lib/lab/anomalies';
import type { FreshnessNote, NoteKind } from './strategies/strategy';

export type BadgeState = 'loading' | 'not-yet' | 'pending' | 'strategy' | 'stale' | 'primary' | 'fresh';

export interface Badge {
  state: BadgeState;
  /** The colour: pending/behind warn, stale is bad, primary is info, fresh is good. */
  kind: NoteKind;
  text: string;
}

export interface BadgeInput {
  projection?: ProjectionStamp;
  /** Some of what the view shows is an optimistic guess. */
  pending: boolean;
  note?: FreshnessNote;
  notYet?: { at: number; known: number };
}

function primaryWhy(readModel: Exclude<ReadModelState, 'ready'> | undefined): string {
  if (readModel === 'rebuilding') return ' (read models rebuilding)';
  if (readModel === 'unavailable') return ' (read models unreachable)';
  return '';
}

export function describeFreshness({ projection, pending, note, notYet }: BadgeInput): Badge {
  if (notYet && !projection) return { state: 'not-yet', kind: 'pending', text: `not in the read model yet (at ${notYet.at}, need ${notYet.known})` };
  if (!projection) return note ? { state: 'strategy', kind: note.kind, text: note.text } : { state: 'loading', kind: 'pending', text: 'loading' };
  // The rest of the view (a version, the other orders) is what the read model said at P: the badge names it, as every other state does.
  if (pending) return { state: 'pending', kind: 'pending', text: `pending: your change over position ${projection.position}` };
  if (note) return { state: 'strategy', kind: note.kind, text: note.text };
  if (projection.stale) return { state: 'stale', kind: 'stale', text: `stale (timed out) at position ${projection.position}` };
  if (projection.source === 'primary') {
    return { state: 'primary', kind: 'primary', text: `served from primary at position ${projection.position}${primaryWhy(projection.readModel)}` };
  }
  return { state: 'fresh', kind: 'fresh', text: `position ${projection.position}` };
}

/** What a badge claims about its data, as the anomaly checker reads it (app/lib/lab/anomalies.ts). */
export function claimOf(badge: Badge): BadgeClaim {
  switch (badge.state) {
    case 'fresh':
    case 'primary':
    case 'pending':
    case 'stale':
      return badge.state;
    case 'loading':
    case 'not-yet':
      return 'waiting';
    case 'strategy':
      // A note that waits, syncs or refreshes says the data is not the answer yet.
      return badge.kind === 'fresh' || badge.kind === 'primary' || badge.kind === 'stale' ? badge.kind : 'waiting';
  }
}
