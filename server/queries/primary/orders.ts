// A customer's orders computed from Postgres, in the read model's shape and
// order (newest first by the position of the OrderPlaced event).
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { events, orderLines, orders } from '@/db/schema';
import type { Tx } from '@/db/tx';
import { isUuid } from './is-uuid';
import type { OrderView, SessionUser } from '@/server/contracts/api';
import { DomainError } from '@/server/domain/errors';
import type { z } from 'zod';
import type { listOrdersSchema } from '../list-orders';

const placedPosition = sql<number>`(select ${events.position} from ${events}
  where ${events.aggregateId} = ${orders.id} and ${events.aggregateVersion} = 1)`;

async function withLines(tx: Tx, rows: (typeof orders.$inferSelect)[], positions?: number[]): Promise<OrderView[]> {
  if (rows.length === 0) return [];
  const lines = await tx.select().from(orderLines).where(inArray(orderLines.orderId, rows.map((r) => r.id)));
  return rows.map((o, i) => ({
    ...(positions ? { placedPosition: Number(positions[i]) } : {}),
    id: o.id,
    status: o.status,
    totalCents: o.totalCents,
    placedAt: o.placedAt.toISOString(),
    version: o.version,
    lines: lines.filter((l) => l.orderId === o.id).map(({ bookId, title, quantity, priceCents }) => ({ bookId, title, quantity, priceCents })),
  }));
}

export async function listMyOrdersFromPrimary(tx: Tx, user: SessionUser, input: z.infer<typeof listOrdersSchema>) {
  const rows = await tx
    .select({ order: orders, position: placedPosition })
    .from(orders)
    .where(and(eq(orders.customerId, user.id), input.cursor === undefined ? undefined : lt(placedPosition, input.cursor)))
    .orderBy(desc(placedPosition))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: await withLines(
      tx,
      page.map((r) => r.order),
      page.map((r) => r.position),
    ),
    nextCursor: rows.length > input.limit ? String(page.at(-1)!.position) : null,
  };
}

export async function getMyOrderFromPrimaryOrThrow(tx: Tx, user: SessionUser, id: string): Promise<OrderView> {
  if (!isUuid(id)) throw new DomainError('not_found', 'No such order.');
  const [order] = await tx.select().from(orders).where(and(eq(orders.id, id), eq(orders.customerId, user.id)));
  if (!order) throw new DomainError('not_found', 'No such order.');
  const [view] = await withLines(tx, [order]);
  return view!;
}
