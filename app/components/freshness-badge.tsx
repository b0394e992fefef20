'use client';

import type { Freshness } from '@/app/lib/consistency/use-consistent-query';

/**
 * Says what the user is looking at: which position, from where, and what the
 * strategies are doing about it. Pending changes first (they are guesses),
 * then the strategies' own note, then what the answer itself says.
 */
export function FreshnessBadge({ freshness, pending = false }: { freshness: Freshness; pending?: boolean }) {
  const { projection, note } = freshness;
  let kind: string;
  let text: string;
  if (!projection) {
    kind = 'pending';
    text = 'loading';
  } else if (pending) {
    kind = 'pending';
    text = 'pending';
  } else if (note) {
    kind = note.kind;
    text = note.text;
  } else if (projection.stale) {
    kind = 'stale';
    text = `stale (timed out) at position ${projection.position}`;
  } else if (projection.source === 'primary') {
    kind = 'primary';
    const why = projection.readModel === 'rebuilding' ? ' (read models rebuilding)' : projection.readModel === 'unavailable' ? ' (read models unreachable)' : '';
    text = `served from primary at position ${projection.position}${why}`;
  } else {
    kind = 'fresh';
    text = `position ${projection.position}`;
  }
  return (
    <span className={`badge ${kind}`} data-testid="freshness" title="Where this view's data came from and how fresh it is">
      {text}
    </span>
  );
}
