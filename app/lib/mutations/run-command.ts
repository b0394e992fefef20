// One command, sent once, treated as their own by one or more scopes: each
// gets a trace and (if optimistic) an overlay before it is sent, and the
// answer after. The ordinary pages pass their one scope; the Lab passes every
// pane, so all panes compare the same write.
import type { QueryKey } from '@tanstack/react-query';
import type { CommandResult } from '@/server/contracts/api';
import type { ConsistencyScope } from '@/app/lib/consistency/scope';
import type { Change } from '@/app/lib/consistency/strategies/optimistic-updates';

export interface CommandSpec<I, R extends object> {
  label: (input: I) => string;
  action: (input: I & { idempotencyKey: string }) => Promise<CommandResult<R>>;
  /** The expected effect, for scopes that show it optimistically. */
  optimistic?: (input: I) => Change[];
  /** The views the command's answer makes stale. */
  affects: (input: I) => QueryKey[];
}

export const UNREACHABLE: CommandResult = { ok: false, error: { code: 'unavailable', message: 'Cannot reach the server; nothing was saved.' } };

export interface CommandRun<R extends object> {
  result: CommandResult<R>;
  /** Each scope's trace of it, in the order of `scopes`. */
  traces: string[];
}

export async function runCommand<I, R extends object>(scopes: readonly ConsistencyScope[], spec: CommandSpec<I, R>, input: I): Promise<CommandRun<R>> {
  const label = spec.label(input);
  const changes = spec.optimistic?.(input);
  const started = performance.now();
  const handles = scopes.map((scope) => scope.commandStarted(label, changes, started));
  let result: CommandResult<R>;
  try {
    // One key per click: a retry of this very call would be recognised by the server, never applied twice.
    result = await spec.action({ ...input, idempotencyKey: crypto.randomUUID() });
  } catch {
    result = UNREACHABLE as CommandResult<R>;
  }
  const answered = performance.now();
  const affects = spec.affects(input);
  scopes.forEach((scope, i) => scope.commandSettled(handles[i]!, result, affects, answered));
  return { result, traces: handles.map((h) => h.trace) };
}
