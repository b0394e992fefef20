'use server';

import type { CommandResult, PlaceOrderAnswer } from '@/server/contracts/api';
import { placeOrder as command } from '@/server/commands/place-order';
import { runAsAction } from '@/server/commands/run-as-action';

/** The declared type helps our UI; the command still parses and authorizes whatever arrives. */
export async function placeOrder(input: { lines: { bookId: string; quantity: number; expectedPriceCents?: number }[]; idempotencyKey: string }): Promise<CommandResult<PlaceOrderAnswer>> {
  return runAsAction(command, input);
}
