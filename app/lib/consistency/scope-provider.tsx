'use client';

// Hands a scope to the views under it: its QueryClient, its socket, its state.
// Scopes nest: a Lab pane's provider inside the page's wins for its views.
import { QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { useScopeAnnouncements } from './announcements';
import { useStore } from './external-store';
import type { ConsistencyScope } from './scope';
import type { StrategySettings } from './settings';

const ScopeContext = createContext<ConsistencyScope | null>(null);

export function ConsistencyScopeProvider({ scope, children }: { scope: ConsistencyScope; children: ReactNode }) {
  useScopeAnnouncements(scope);
  return (
    <ScopeContext.Provider value={scope}>
      <QueryClientProvider client={scope.queryClient}>{children}</QueryClientProvider>
    </ScopeContext.Provider>
  );
}

export function useScope(): ConsistencyScope {
  const scope = useContext(ScopeContext);
  if (!scope) throw new Error('useScope() outside a ConsistencyScopeProvider');
  return scope;
}

export function useScopeSettings(): StrategySettings {
  const scope = useScope();
  return useStore(scope.settings, scope.initialSettings);
}
