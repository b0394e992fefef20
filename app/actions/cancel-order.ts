'use server';

import type { CommandResult } from '@/server/contracts/api';
import { cancelOrder as command } from '@/server/commands/cancel-order';
import { runAsAction } from '@/server/commands/run-as-action';

/** The declared type helps our UI; the command still parses and authorizes whatever arrives. */
export async function cancelOrder(input: { orderId: string; idempotencyKey: string }): Promise<CommandResult<object>> {
  return runAsAction(command, input);
}
