import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbHandle } from '@/db/client';
import { users } from '@/db/schema';
import type { SessionUser } from '@/server/contracts/api';
import { hashPassword, verifyPassword } from './password';

// Unknown emails are checked against this, so a sign-in takes as long whether
// or not the account exists (no user enumeration by timing).
let decoyHash: Promise<string> | undefined;

export const signInSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an email address' })),
  password: z.string().min(1, 'is required').max(200),
});

/** Returns the user for good credentials, null otherwise (never saying which part was wrong). */
export async function checkCredentials(
  { db }: DbHandle,
  input: z.infer<typeof signInSchema>,
): Promise<SessionUser | null> {
  const [user] = await db.select().from(users).where(eq(users.email, input.email));
  decoyHash ??= hashPassword(crypto.randomUUID());
  const matches = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash));
  if (!user || !matches) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
