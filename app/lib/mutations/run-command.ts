// One command, sent once, treated as their own by one or more scopes: each
// gets a trace and (if optimistic) an overlay before it is sent, and the
// answer after. The ordinary pages pass their one scope; the Lab passes every
// pane, so all panes compare the same write.
import type { QueryKey } from '@tanstack/react-query';
import type { CommandResult } from '@/server/contracts/api';
import type { ConsistencyScope } from '@/app/lib/consistency/scope';
import type { Change } from '@/app/lib/consistency/strategies/optimistic-updates';

export interface CommandSpec<I, R extends object> {
  /** How a command kept across a reload names it (the outbox). */
  name: string;
  /** The input as read back from storage, or null if it is not one (storage is a boundary). */
  parse: (stored: unknown) => I | null;
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

/** A command resumed after a reload is the same command: same id, same idempotency key. */
export interface Resume {
  id: string;
  idempotencyKey: string;
}

export async function runCommand<I, R extends object>(
  scopes: readonly ConsistencyScope[],
  spec: CommandSpec<I, R>,
  input: I,
  resume?: Resume,
): Promise<CommandRun<R>> {
  const label = spec.label(input);
  const changes = spec.optimistic?.(input);
  const started = performance.now();
  // One key per click: a retry of this very call, even from a reloaded tab, is recognised by the server and never applied twice.
  const { id, idempotencyKey } = resume ?? { id: crypto.randomUUID(), idempotencyKey: crypto.randomUUID() };
  const affects = spec.affects(input);
  const handles = scopes.map((scope) => scope.commandStarted({ id, label, changes, idempotencyKey, affects }, started));
  for (const scope of scopes) scope.outbox.set((list) => [...list.filter((e) => e.id !== id), { id, command: spec.name, input, idempotencyKey, label }]);
  let result: CommandResult<R>;
  try {
    const answer = spec.action({ ...input, idempotencyKey });
    // Behind it, the reads that wait for it (scope.ts).
    scopes.forEach((scope, i) => scope.commandSent(handles[i]!));
    result = await answer;
  } catch {
    // Cut off by a reload or close: no answer is not "refused". It stays in the outbox, with its overlay, for the next load.
    if (scopes.some((s) => s.leaving)) return new Promise<never>(() => {});
    result = UNREACHABLE as CommandResult<R>;
  }
  const answered = performance.now();
  scopes.forEach((scope, i) => {
    scope.outbox.set((list) => list.filter((e) => e.id !== id));
    scope.commandSettled(handles[i]!, result, answered);
  });
  return { result, traces: handles.map((h) => h.trace) };
}
