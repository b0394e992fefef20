import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RebuildStatus } from '@/server/contracts/api';
import { apiSend } from '@/app/lib/api-fetch';
import { projectionStatusKey } from './projection-status';

/** Asks the active worker to rebuild every read model; progress shows in the projection status. */
export function useRequestRebuild() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend<{ rebuild: RebuildStatus }>('POST', '/api/projection/rebuild'),
    onSettled: () => client.invalidateQueries({ queryKey: projectionStatusKey }),
  });
}
