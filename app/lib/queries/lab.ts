import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LabSettingsView } from '@/server/contracts/api';
import { apiGet, apiSend } from '@/app/lib/api-fetch';
import { projectionStatusKey } from './projection-status';

export const labKey = ['lab'] as const;

export function useLabSettings(enabled: boolean) {
  return useQuery({ queryKey: labKey, queryFn: () => apiGet<LabSettingsView>('/api/lab'), enabled });
}

export function useUpdateLab() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<LabSettingsView>) => apiSend<LabSettingsView>('PUT', '/api/lab', patch),
    onSuccess: (settings) => {
      client.setQueryData(labKey, settings);
      void client.invalidateQueries({ queryKey: projectionStatusKey });
    },
  });
}
