'use client';

// The UI's commands: which server action, what to show optimistically, which views to refetch.

import { addBook } from '@/app/actions/add-book';
import { cancelOrder } from '@/app/actions/cancel-order';
import { changePrice } from '@/app/actions/change-price';
import { placeOrder } from '@/app/actions/place-order';
import { restockBook } from '@/app/actions/restock-book';
import type { BookView, OrderView } from '@/server/contracts/api';
import { useCommand } from './use-command';

const bookViews = (bookId: string) => [['book', bookId], ['books'], ['bestsellers']];

export function usePlaceOrder() {
  return useCommand({
    label: ({ book, quantity }: { book: BookView; quantity: number }) => `Buy ${quantity} × ${book.title}`,
    action: ({ book, quantity, idempotencyKey }) => placeOrder({ lines: [{ bookId: book.id, quantity }], idempotencyKey }),
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
    invalidates: ({ book }) => [['orders'], ...bookViews(book.id)],
  });
}

export function useCancelOrder() {
  return useCommand({
    label: ({ order }: { order: OrderView }) => `Cancel order of ${order.lines.map((l) => l.title).join(', ')}`,
    action: ({ order, idempotencyKey }) => cancelOrder({ orderId: order.id, idempotencyKey }),
    optimistic: ({ order }) => [
      { kind: 'order-cancelled', orderId: order.id },
      ...order.lines.map((l) => ({ kind: 'stock' as const, bookId: l.bookId, delta: l.quantity })),
    ],
    invalidates: ({ order }) => [['orders'], ['order', order.id], ['books'], ['bestsellers'], ...order.lines.map((l) => ['book', l.bookId])],
  });
}

export function useChangePrice() {
  return useCommand({
    label: ({ book, priceCents }: { book: BookView; priceCents: number }) => `Price of ${book.title} → ${(priceCents / 100).toFixed(2)}`,
    action: ({ book, priceCents, idempotencyKey }) => changePrice({ bookId: book.id, priceCents, expectedVersion: book.version, idempotencyKey }),
    optimistic: ({ book, priceCents }) => [{ kind: 'price', bookId: book.id, priceCents }],
    invalidates: ({ book }) => bookViews(book.id),
  });
}

export function useRestock() {
  return useCommand({
    label: ({ book, quantity }: { book: BookView; quantity: number }) => `Restock ${quantity} × ${book.title}`,
    action: ({ book, quantity, idempotencyKey }) => restockBook({ bookId: book.id, quantity, idempotencyKey }),
    optimistic: ({ book, quantity }) => [{ kind: 'stock', bookId: book.id, delta: quantity }],
    invalidates: ({ book }) => bookViews(book.id),
  });
}

export function useAddBook() {
  return useCommand({
    label: ({ title }: { title: string; author: string; priceCents: number; stock: number }) => `Add "${title}"`,
    action: (input) => addBook(input),
    invalidates: () => [['books']],
  });
}
