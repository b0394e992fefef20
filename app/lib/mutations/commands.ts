'use client';

// The UI's commands: which server action, what to show optimistically, which
// views to refetch. The specs are plain data so the Lab can run them in every
// pane at once; the hooks run them in the view's own scope.

import { addBook } from '@/app/actions/add-book';
import { cancelOrder } from '@/app/actions/cancel-order';
import { changePrice } from '@/app/actions/change-price';
import { placeOrder } from '@/app/actions/place-order';
import { restockBook } from '@/app/actions/restock-book';
import type { BookView, OrderView, PlaceOrderAnswer } from '@/server/contracts/api';
import { bestsellersQuery } from '@/app/lib/queries/bestsellers';
import { bookQuery } from '@/app/lib/queries/book';
import { booksQuery } from '@/app/lib/queries/books';
import { ordersQuery } from '@/app/lib/queries/orders';
import { runCommand, type CommandSpec } from './run-command';
import type { ConsistencyScope, OutboxEntry } from '@/app/lib/consistency/scope';
import { storedInput } from './stored-input';
import { useCommand } from './use-command';

const bookViews = (bookId: string) => [bookQuery.key(bookId), booksQuery.root, bestsellersQuery.root];

export const placeOrderCommand: CommandSpec<{ book: BookView; quantity: number }, PlaceOrderAnswer> = {
  name: 'place-order',
  parse: storedInput.bookQuantity,
  label: ({ book, quantity }) => `Buy ${quantity} × ${book.title}`,
  // The price on screen goes with the order: if it changed since, the server refuses instead of charging another (decision 007).
  action: ({ book, quantity, idempotencyKey }) => placeOrder({ lines: [{ bookId: book.id, quantity, expectedPriceCents: book.priceCents }], idempotencyKey }),
  optimistic: ({ book, quantity }) => [
    {
      kind: 'order-placed',
      bookIds: [book.id],
      order: {
        id: `pending-${crypto.randomUUID()}`,
        status: 'placed',
        lines: [{ bookId: book.id, title: book.title, quantity, priceCents: book.priceCents }],
        totalCents: quantity * book.priceCents,
        placedAt: new Date().toISOString(),
        version: 0,
      },
    },
    { kind: 'stock', bookId: book.id, delta: -quantity },
  ],
  affects: ({ book }) => [ordersQuery.root, ...bookViews(book.id)],
};

export const cancelOrderCommand: CommandSpec<{ order: OrderView }, object> = {
  name: 'cancel-order',
  parse: storedInput.order,
  label: ({ order }) => `Cancel order of ${order.lines.map((l) => l.title).join(', ')}`,
  action: ({ order, idempotencyKey }) => cancelOrder({ orderId: order.id, idempotencyKey }),
  optimistic: ({ order }) => [
    { kind: 'order-cancelled', orderId: order.id },
    ...order.lines.map((l) => ({ kind: 'stock' as const, bookId: l.bookId, delta: l.quantity })),
  ],
  affects: ({ order }) => [ordersQuery.root, booksQuery.root, bestsellersQuery.root, ...order.lines.map((l) => bookQuery.key(l.bookId))],
};

export const changePriceCommand: CommandSpec<{ book: BookView; priceCents: number }, object> = {
  name: 'change-price',
  parse: storedInput.bookPrice,
  label: ({ book, priceCents }) => `Price of ${book.title} → ${(priceCents / 100).toFixed(2)}`,
  action: ({ book, priceCents, idempotencyKey }) => changePrice({ bookId: book.id, priceCents, expectedVersion: book.version, idempotencyKey }),
  optimistic: ({ book, priceCents }) => [{ kind: 'price', bookId: book.id, priceCents }],
  affects: ({ book }) => bookViews(book.id),
};

export const restockCommand: CommandSpec<{ book: BookView; quantity: number }, object> = {
  name: 'restock-book',
  parse: storedInput.bookQuantity,
  label: ({ book, quantity }) => `Restock ${quantity} × ${book.title}`,
  action: ({ book, quantity, idempotencyKey }) => restockBook({ bookId: book.id, quantity, idempotencyKey }),
  optimistic: ({ book, quantity }) => [{ kind: 'stock', bookId: book.id, delta: quantity }],
  affects: ({ book }) => bookViews(book.id),
};

export const addBookCommand: CommandSpec<{ title: string; author: string; priceCents: number; stock: number }, { bookId: string }> = {
  name: 'add-book',
  parse: storedInput.newBook,
  label: ({ title }) => `Add "${title}"`,
  action: (input) => addBook(input),
  affects: () => [booksQuery.root],
};

export const usePlaceOrder = () => useCommand(placeOrderCommand);
export const useCancelOrder = () => useCommand(cancelOrderCommand);
export const useChangePrice = () => useCommand(changePriceCommand);
export const useRestock = () => useCommand(restockCommand);
export const useAddBook = () => useCommand(addBookCommand);

type Resumer = (scope: ConsistencyScope, entry: OutboxEntry) => Promise<unknown> | undefined;

/** Each command's way back from storage: parse its input, then run it again as the same command. */
function resumer<I, R extends object>(spec: CommandSpec<I, R>): [string, Resumer] {
  return [
    spec.name,
    (scope, entry) => {
      const input = spec.parse(entry.input);
      return input === null ? undefined : runCommand([scope], spec, input, { id: entry.id, idempotencyKey: entry.idempotencyKey });
    },
  ];
}

const RESUMERS = new Map([resumer(placeOrderCommand), resumer(cancelOrderCommand), resumer(changePriceCommand), resumer(restockCommand), resumer(addBookCommand)]);

/**
 * Sends again, with the same id and idempotency key, a command a tab sent but
 * never heard back from (it reloaded or closed): the server answers a retry
 * with its first result, so it is applied exactly once. An entry that is not
 * one of ours is dropped.
 */
export async function resumeCommand(scope: ConsistencyScope, entry: OutboxEntry): Promise<void> {
  const run = RESUMERS.get(entry.command)?.(scope, entry);
  if (!run) {
    scope.outbox.set((list) => list.filter((e) => e.id !== entry.id));
    return;
  }
  await run;
}
