// Server actions are public endpoints: anyone can POST to them with any
// arguments. This binding treats their input exactly like an API body.
import { getCurrentUser } from '@/server/auth/current-user';
import type { CommandResult } from '@/server/contracts/api';
import { rememberPosition } from '@/server/consistency/session-position';
import { commandDeps } from '@/server/context';
import type { Command } from './define-command';

export async function runAsAction<R extends object>(command: Command<R>, input: unknown): Promise<CommandResult<R>> {
  const { idempotencyKey, ...fields } = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const result = await command(
    { user: await getCurrentUser(), input: fields, idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined },
    commandDeps(),
  );
  // Read-your-writes: the session now knows it has written up to here.
  if (result.ok) await rememberPosition(result.position);
  return result;
}
