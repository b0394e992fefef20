'use client';

// The UI's commands: which server action, what to show optimistically, which
// views to refetch. The specs are plain data so the Lab can run them in every
// pane at once; the hooks run them in the view's own scope.

import { addBook } from '@/app/actions/add-book';
import { cancelOrder } from '@/app/actions/cancel-order';
import { changePrice } from '@/app/actions/change-price';
import { placeOrder } from '@/app/actions/place-order';
import { restockBook } from '@/app/actions/restock-book';
import type { BookView, OrderView } from '@/server/contracts/api';
import { bestsellersQuery } from '@/app/lib/queries/bestsellers';
import { bookQuery } from '@/app/lib/queries/book';
import { booksQuery } from '@/app/lib/queries/books';
import { ordersQuery } from '@/app/lib/queries/orders';
import type { CommandSpec } from './run-command';
import { useCommand } from './use-command';

const bookViews = (bookId: string) => [bookQuery.key(bookId), booksQuery.root, bestsellersQuery.root];

export const placeOrderCommand: CommandSpec<{ book: BookView; quantity: number }, { orderId: string }> = {
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
  label: ({ order }) => `Cancel order of ${order.lines.map((l) => l.title).join(', ')}`,
  action: ({ order, idempotencyKey }) => cancelOrder({ orderId: order.id, idempotencyKey }),
  optimistic: ({ order }) => [
    { kind: 'order-cancelled', orderId: order.id },
    ...order.lines.map((l) => ({ kind: 'stock' as const, bookId: l.bookId, delta: l.quantity })),
  ],
  affects: ({ order }) => [ordersQuery.root, booksQuery.root, bestsellersQuery.root, ...order.lines.map((l) => bookQuery.key(l.bookId))],
};

export const changePriceCommand: CommandSpec<{ book: BookView; priceCents: number }, object> = {
  label: ({ book, priceCents }) => `Price of ${book.title} → ${(priceCents / 100).toFixed(2)}`,
  action: ({ book, priceCents, idempotencyKey }) => changePrice({ bookId: book.id, priceCents, expectedVersion: book.version, idempotencyKey }),
  optimistic: ({ book, priceCents }) => [{ kind: 'price', bookId: book.id, priceCents }],
  affects: ({ book }) => bookViews(book.id),
};

export const restockCommand: CommandSpec<{ book: BookView; quantity: number }, object> = {
  label: ({ book, quantity }) => `Restock ${quantity} × ${book.title}`,
  action: ({ book, quantity, idempotencyKey }) => restockBook({ bookId: book.id, quantity, idempotencyKey }),
  optimistic: ({ book, quantity }) => [{ kind: 'stock', bookId: book.id, delta: quantity }],
  affects: ({ book }) => bookViews(book.id),
};

export const addBookCommand: CommandSpec<{ title: string; author: string; priceCents: number; stock: number }, { bookId: string }> = {
  label: ({ title }) => `Add "${title}"`,
  action: (input) => addBook(input),
  affects: () => [booksQuery.root],
};

export const usePlaceOrder = () => useCommand(placeOrderCommand);
export const useCancelOrder = () => useCommand(cancelOrderCommand);
export const useChangePrice = () => useCommand(changePriceCommand);
export const useRestock = () => useCommand(restockCommand);
export const useAddBook = () => useCommand(addBookCommand);
