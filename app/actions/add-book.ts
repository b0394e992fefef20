'use server';

import type { CommandResult } from '@/server/contracts/api';
import { addBook as command } from '@/server/commands/add-book';
import { runAsAction } from '@/server/commands/run-as-action';

/** The declared type helps our UI; the command still parses and authorizes whatever arrives. */
export async function addBook(input: { title: string; author: string; priceCents: number; stock: number; idempotencyKey: string }): Promise<CommandResult<{ bookId: string }>> {
  return runAsAction(command, input);
}
