'use client';

import { useState, type ReactNode } from 'react';
import { ConsistencyScope } from '@/app/lib/consistency/scope';
import { ConsistencyScopeProvider } from '@/app/lib/consistency/scope-provider';
import { SETTINGS_STORAGE_KEY } from '@/app/lib/consistency/settings';
import { keysForTag } from '@/app/lib/queries/read-models';

/** The ordinary pages are one consistency scope per tab, its strategy choice kept in localStorage. */
export function Providers({ children }: { children: ReactNode }) {
  // Created in state so a re-render does not drop the cache, the token or the overlays.
  const [scope] = useState(() => new ConsistencyScope({ label: 'This tab', persistKey: SETTINGS_STORAGE_KEY, keysForTag }));
  return <ConsistencyScopeProvider scope={scope}>{children}</ConsistencyScopeProvider>;
}
