'use client';

import type { Freshness } from '@/app/lib/consistency/use-consistent-query';

/** Says what the user is looking at: which position, from where, and whether it is behind. */
export function FreshnessBadge({ freshness, pending = false }: { freshness: Freshness; pending?: boolean }) {
  const { projection, polling, behind } = freshness;
  let kind = 'fresh';
  let text: string;
  if (!projection) {
    kind = 'pending';
    text = 'loading';
  } else if (pending) {
    kind = 'pending';
    text = 'pending';
  } else if (projection.stale) {
    kind = 'stale';
    text = `stale (timed out) at position ${projection.position}`;
  } else if (polling === 'syncing') {
    kind = 'pending';
    text = 'Syncing...';
  } else if (polling === 'gave-up') {
    kind = 'stale';
    text = 'still syncing (stopped polling after 10 s)';
  } else if (projection.source === 'primary') {
    kind = 'primary';
    const why = projection.readModel === 'rebuilding' ? ' (read models rebuilding)' : projection.readModel === 'unavailable' ? ' (read models unreachable)' : '';
    text = `served from primary at position ${projection.position}${why}`;
  } else if (behind) {
    kind = 'behind';
    text = `behind by ${behind.events} events (${behind.ms} ms) at position ${projection.position}`;
  } else {
    text = `position ${projection.position}`;
  }
  return (
    <span className={`badge ${kind}`} data-testid="freshness" title="Where this view's data came from and how fresh it is">
      {text}
    </span>
  );
}
