'use server';

import type { CommandResult } from '@/server/contracts/api';
import { restockBook as command } from '@/server/commands/restock-book';
import { runAsAction } from '@/server/commands/run-as-action';

/** The declared type helps our UI; the command still parses and authorizes whatever arrives. */
export async function restockBook(input: { bookId: string; quantity: number; idempotencyKey: string }): Promise<CommandResult<object>> {
  return runAsAction(command, input);
}
