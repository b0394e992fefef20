'use client';

// The header's and admin's view of the projector (log head, lag, delay). Shown
// to people; no strategy decides anything from it: their evidence is pushes
// and answers at the positions they wait for.
import { useQuery } from '@tanstack/react-query';
import type { ProjectionStatus } from '@/server/contracts/api';
import { apiGet } from '@/app/lib/api-fetch';

export const projectionStatusKey = ['projection'] as const;

export function useProjectionStatus() {
  return useQuery({ queryKey: projectionStatusKey, queryFn: () => apiGet<ProjectionStatus>('/api/projection'), refetchInterval: 1000 });
}
