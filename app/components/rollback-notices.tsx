'use client';

import { dismissRollback, useRollbacks } from '@/app/lib/consistency/optimistic-updates';

/** When an optimistic change is undone, say so and why: never roll back silently. */
export function RollbackNotices() {
  const rollbacks = useRollbacks();
  if (rollbacks.length === 0) return null;
  return (
    <div className="toasts" role="alert">
      {rollbacks.map((r) => (
        <div key={r.id} className="notice bad toast">
          {r.message}
          <button className="link" onClick={() => dismissRollback(r.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
