'use client';

import { useEffect, useState, type ReactNode } from 'react';
import { connectBrowserSession } from '@/app/lib/consistency/browser-session';
import { ConsistencyScope } from '@/app/lib/consistency/scope';
import { ConsistencyScopeProvider } from '@/app/lib/consistency/scope-provider';
import { exposeHistory } from '@/app/lib/consistency/view-history';
import { SETTINGS_STORAGE_KEY, type StrategySettings } from '@/app/lib/consistency/settings';
import { resumeCommand } from '@/app/lib/mutations/commands';
import { keysForTag } from '@/app/lib/queries/read-models';

/**
 * The ordinary pages are one consistency scope per tab, its strategy choice kept in localStorage.
 * `logId`: the event log this page was rendered against (undefined: Postgres did not say in time).
 */
export function Providers({ children, settings, logId }: { children: ReactNode; settings: StrategySettings; logId: string | undefined }) {
  // Created in state so a re-render does not drop the cache, the token or the overlays.
  const [scope] = useState(() => new ConsistencyScope({ settings, persistKey: SETTINGS_STORAGE_KEY, keysForTag }));
  // Shared with the browser's other tabs, and kept across a reload (commands in flight are resumed).
  // The log as this page was first rendered against: a later render (a server action's) must not connect the session again.
  const [log] = useState(logId);
  useEffect(() => connectBrowserSession(scope, (entry) => resumeCommand(scope, entry), log), [scope, log]);
  useEffect(() => exposeHistory(scope), [scope]);
  return <ConsistencyScopeProvider scope={scope}>{children}</ConsistencyScopeProvider>;
}
