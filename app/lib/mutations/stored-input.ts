// What a tab keeps in localStorage (its token, optimistic overlays, commands
// not answered yet) is read back by a reloaded tab or another tab, and anyone
// (or an older version of this app) may have written it: parsed, never cast.
import '@/app/lib/zod-without-eval';
import { z } from 'zod';

const book = z.object({ id: z.string(), title: z.string(), author: z.string(), priceCents: z.number().int(), stock: z.number().int(), version: z.number().int() });
const order = z.object({
  id: z.string(),
  status: z.enum(['placed', 'cancelled']),
  lines: z.array(z.object({ bookId: z.string(), title: z.string(), quantity: z.number().int(), priceCents: z.number().int() })),
  totalCents: z.number().int(),
  placedAt: z.string(),
  version: z.number().int(),
});

const parser =
  <S extends z.ZodType>(schema: S) =>
  (stored: unknown): z.infer<S> | null => {
    const parsed = schema.safeParse(stored);
    return parsed.success ? parsed.data : null;
  };

export const storedInput = {
  bookQuantity: parser(z.object({ book, quantity: z.number().int() })),
  order: parser(z.object({ order })),
  bookPrice: parser(z.object({ book, priceCents: z.number().int() })),
  newBook: parser(z.object({ title: z.string(), author: z.string(), priceCents: z.number().int(), stock: z.number().int() })),
};

const change = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('order-placed'), order, bookIds: z.array(z.string()) }),
  z.object({ kind: z.literal('order-cancelled'), orderId: z.string() }),
  z.object({ kind: z.literal('stock'), bookId: z.string(), delta: z.number().int() }),
  z.object({ kind: z.literal('price'), bookId: z.string(), priceCents: z.number().int() }),
]);

/** One tab's share of the browser session (app/lib/consistency/browser-session.ts). */
export const parseTabState = parser(
  z.object({
    /** The event log the state belongs to (db/schema.ts, log_identity); absent in states written before logs were named. */
    log: z.string().optional(),
    token: z.number().int().min(0),
    updatedAt: z.number(),
    overlays: z.array(z.object({ id: z.string(), changes: z.array(change), token: z.number().int().optional() })),
    outbox: z.array(z.object({ id: z.string(), command: z.string(), input: z.unknown(), idempotencyKey: z.string(), label: z.string() })),
  }),
);
