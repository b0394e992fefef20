'use client';

import { listensToPushes } from '@/app/lib/consistency/compose';
import { useStore } from '@/app/lib/consistency/external-store';
import { useScope } from '@/app/lib/consistency/scope-provider';
import type { CommandTrace } from '@/app/lib/consistency/sync-timeline';

function step(label: string, at: number | undefined, from: number | undefined) {
  if (at === undefined) return <span className="meta">{label} …</span>;
  return (
    <span>
      {label} <strong>+{from === undefined ? 0 : Math.round(at - from)} ms</strong>
    </span>
  );
}

/** A push can only notify a scope that listens: with none of its strategies listening, "notified …" would wait for ever. */
function notified(c: CommandTrace, listening: boolean) {
  if (c.notifiedAt === undefined && !listening) return <span className="meta">no push (live off)</span>;
  return step('notified', c.notifiedAt, c.committedAt);
}

function Trace({ c, listening }: { c: CommandTrace; listening: boolean }) {
  return (
    <li>
      <div>
        <strong>{c.label}</strong>
      </div>
      {c.failedAt !== undefined ? (
        <div className="meta">
          refused after <strong>{Math.round(c.failedAt - c.submittedAt)} ms</strong> (the reason is shown where you sent it)
        </div>
      ) : (
        <div className="meta timeline-steps">
          submitted → {step(`committed${c.position ? ` (position ${c.position})` : ''}`, c.committedAt, c.submittedAt)} →{' '}
          {step('projected', c.projectedAt, c.committedAt)} → {notified(c, listening)} →{' '}
          {step('shown', c.shownAt, c.committedAt)}
        </div>
      )}
    </li>
  );
}

/** This tab's last commands, from click to screen, with the milliseconds between. */
export function SyncTimeline() {
  const scope = useScope();
  const { commands, token } = useStore(scope.timeline);
  const listening = listensToPushes(useStore(scope.settings));
  return (
    <section className={`card sync-timeline${commands.length === 0 && token === 0 ? ' is-empty' : ''}`} aria-label="Sync timeline">
      <h2>Sync timeline</h2>
      {token > 0 && (
        <p className="meta" data-testid="token">
          Your token: position {token}. A view is consistent with your writes when it is served at or after it. Shared by this browser&apos;s tabs.
        </p>
      )}
      {commands.length === 0 ? (
        <p className="meta">Your commands will appear here: submitted, committed at a position, projected, notified, shown.</p>
      ) : (
        <>
          <ul className="timeline">
            {commands.slice(0, 6).map((c) => (
              <Trace key={c.id} c={c} listening={listening} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
