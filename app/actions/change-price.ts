'use server';

import type { CommandResult } from '@/server/contracts/api';
import { changePrice as command } from '@/server/commands/change-price';
import { runAsAction } from '@/server/commands/run-as-action';

/** The declared type helps our UI; the command still parses and authorizes whatever arrives. */
export async function changePrice(input: { bookId: string; priceCents: number; expectedVersion?: number; idempotencyKey: string }): Promise<CommandResult<object>> {
  return runAsAction(command, input);
}
