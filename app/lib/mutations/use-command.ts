'use client';

// Every command from the UI runs through here: one idempotency key per click,
// the sync timeline, the optimistic overlay (if that strategy is on), and the
// refetch of the views the command affects.

import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { CommandResult } from '@/server/contracts/api';
import { ApiRequestError } from '@/app/lib/api-fetch';
import { applyOptimistically, confirmOptimistic, rollBackOptimistic, type Change } from '@/app/lib/consistency/optimistic-updates';
import { settingsStore } from '@/app/lib/consistency/settings';
import { commandCommitted, commandFailed, commandSubmitted } from '@/app/lib/consistency/sync-timeline';

type Success<R extends object> = Extract<CommandResult<R>, { ok: true }>;

export function useCommand<I, R extends object>(opts: {
  label: (input: I) => string;
  action: (input: I & { idempotencyKey: string }) => Promise<CommandResult<R>>;
  optimistic?: (input: I) => Change[];
  invalidates: (input: I) => QueryKey[];
}) {
  const client = useQueryClient();
  return useMutation<Success<R>, ApiRequestError, I>({
    mutationFn: async (input) => {
      const trace = commandSubmitted(opts.label(input));
      const overlay = settingsStore.get().optimisticUpdates && opts.optimistic ? applyOptimistically(opts.optimistic(input)) : null;
      let result: CommandResult<R>;
      try {
        result = await opts.action({ ...input, idempotencyKey: crypto.randomUUID() });
      } catch {
        result = { ok: false, error: { code: 'unavailable', message: 'Cannot reach the server; nothing was saved.' } };
      }
      // Success or failure, the views this command touches may now be out of date (a 409 means someone else won).
      const refresh = () => {
        for (const queryKey of opts.invalidates(input)) void client.invalidateQueries({ queryKey });
        void client.invalidateQueries({ queryKey: ['projection'] });
      };
      if (!result.ok) {
        commandFailed(trace, result.error.message);
        refresh();
        if (overlay) rollBackOptimistic(overlay, `${opts.label(input)} was rolled back: ${result.error.message}`);
        throw new ApiRequestError(0, result.error.code, result.error.message);
      }
      commandCommitted(trace, result.position);
      if (overlay) confirmOptimistic(overlay, result.position);
      refresh();
      return result as Success<R>;
    },
  });
}
