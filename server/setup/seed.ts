// Idempotent seed: demo accounts, lab defaults, and the catalog. Books go in
// through the event log like any other write, so the projector builds them.
import { randomUUID } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import type { DbHandle } from '@/db/client';
import { transaction } from '@/db/transaction';
import { books, labSettings, users } from '@/db/schema';
import { seedBooks } from './seed-books';
import { hashPassword } from '@/server/auth/password';
import { decideAddBook } from '@/server/domain/books';
import { APPEND_LOCK_KEY, appendEvents } from '@/server/events/append-events';
import { DEMO_DEFAULTS } from '@/server/lab/lab-settings';

export const DEMO_PASSWORD = 'bookstore';
export const DEMO_ACCOUNTS = [
  { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' },
  { email: 'alice@example.com', name: 'Alice', role: 'customer' },
  { email: 'bob@example.com', name: 'Bob', role: 'customer' },
] as const;

export async function seed(handle: DbHandle, log: (m: string) => void = () => {}): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { db } = handle;
  await db
    .insert(users)
    .values(DEMO_ACCOUNTS.map((a) => ({ ...a, passwordHash })))
    .onConflictDoNothing({ target: users.email });
  await db.insert(labSettings).values({ id: 1, ...DEMO_DEFAULTS }).onConflictDoNothing();

  await transaction(handle, async ({ db: tx, sql: connection }) => {
    // Two `npm start`s seeding at once: the append lock makes the second see the first's books.
    await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(books);
    if (n > 0) return;
    const rows = seedBooks().map((b) => ({ id: randomUUID(), ...b, version: 1 }));
    await tx.insert(books).values(rows);
    await appendEvents(
      connection,
      rows.map((b) => ({
        aggregateType: 'book' as const,
        aggregateId: b.id,
        aggregateVersion: 1,
        event: decideAddBook({ bookId: b.id, title: b.title, author: b.author, priceCents: b.priceCents, stock: b.stock }),
      })),
    );
    log(`seeded ${rows.length} books`);
  });
}
