'use client';

// A command from an ordinary view: runCommand in the view's scope, as a
// react-query mutation (pending state, error, the answer).
import { useMutation } from '@tanstack/react-query';
import type { CommandResult } from '@/server/contracts/api';
import { ApiRequestError } from '@/app/lib/api-fetch';
import { useScope } from '@/app/lib/consistency/scope-provider';
import { runCommand, type CommandSpec } from './run-command';

type Success<R extends object> = Extract<CommandResult<R>, { ok: true }>;

export function useCommand<I, R extends object>(spec: CommandSpec<I, R>) {
  const scope = useScope();
  return useMutation<Success<R>, ApiRequestError, I>({
    mutationFn: async (input) => {
      const { result } = await runCommand([scope], spec, input);
      if (!result.ok) throw new ApiRequestError(0, result.error.code, result.error.message, result.error.currentPrices, undefined, result.error.currentStock);
      return result;
    },
  });
}
