'use client';

import { describeFreshness } from '@/app/lib/consistency/freshness';
import type { Freshness } from '@/app/lib/consistency/use-consistent-query';

/** Says where this view's data was read and at which position, or what it is waiting for (the table in freshness.ts). */
export function FreshnessBadge({ freshness, pending = false }: { freshness: Freshness; pending?: boolean }) {
  const badge = describeFreshness({ projection: freshness.projection, pending, note: freshness.note, notYet: freshness.notYet });
  return (
    <span className={`badge ${badge.kind}`} data-testid="freshness" data-state={badge.state} title="Where this view's data was read and at which position">
      {badge.text}
    </span>
  );
}

/** In place of a view that has nothing to show yet: what it is waiting for, not a bare "Loading". */
export function ViewLoading({ freshness, what }: { freshness: Freshness; what: string }) {
  return <p className="empty">{freshness.note?.text ?? `Loading ${what}…`}</p>;
}

/**
 * One field of a view. A guess (an optimistic change the read model does not
 * have yet) is marked beside its value, so a reader can tell it from the
 * fields next to it, which are still what the read model said.
 */
export function ShownValue({ value, guessed, testId }: { value: string | number; guessed: boolean; testId?: string }) {
  return (
    <>
      <span data-testid={testId} className={guessed ? 'guessed' : undefined}>
        {value}
      </span>
      {guessed && (
        <span className="guess-tag" title="Your change, shown before the read model has it">
          pending
        </span>
      )}
    </>
  );
}
