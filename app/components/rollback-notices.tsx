'use client';

import { useStore } from '@/app/lib/consistency/external-store';
import { useScope } from '@/app/lib/consistency/scope-provider';

/** When an optimistic change is undone, say so and why: never roll back silently. */
export function RollbackNotices({ className = 'toasts' }: { className?: string }) {
  const { optimistic } = useScope();
  const rollbacks = useStore(optimistic.rollbacks);
  if (rollbacks.length === 0) return null;
  return (
    <div className={className} role="alert">
      {rollbacks.map((r) => (
        <div key={r.id} className="notice bad toast">
          {r.message}
          <button className="link" onClick={() => optimistic.dismiss(r.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
