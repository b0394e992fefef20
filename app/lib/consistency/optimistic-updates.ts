// Strategy: optimistic updates (client side).
//
// A command's expected effect is laid over the server's data at once, marked
// pending. The react-query cache keeps only what the server said; views show
// server data + the overlays that data does not yet include. An overlay stays
// until the view is served at or after the command's position (the token), so
// an older read-model answer can never make the change flicker away. If the
// command fails, its overlay is dropped and a message says why.
import type { BookView, OrderView } from '@/server/contracts/api';
import { createStore, useStore } from './external-store';

export type Change =
  | { kind: 'order-placed'; order: OrderView; bookIds: string[] }
  | { kind: 'order-cancelled'; orderId: string }
  | { kind: 'stock'; bookId: string; delta: number }
  | { kind: 'price'; bookId: string; priceCents: number };

export interface Overlay {
  id: string;
  changes: Change[];
  /** Set when the command commits; until the view reaches it, the overlay shows. */
  token?: number;
}

export interface Rollback {
  id: string;
  message: string;
}

const overlays = createStore<Overlay[]>([]);
const rollbacks = createStore<Rollback[]>([]);

export function applyOptimistically(changes: Change[]): string {
  const id = crypto.randomUUID();
  overlays.set((list) => [...list, { id, changes }]);
  return id;
}

export function confirmOptimistic(id: string, token: number): void {
  overlays.set((list) => list.map((o) => (o.id === id ? { ...o, token } : o)));
}

export function rollBackOptimistic(id: string, message: string): void {
  overlays.set((list) => list.filter((o) => o.id !== id));
  rollbacks.set((list) => [...list, { id, message }]);
}

export function dismissRollback(id: string): void {
  rollbacks.set((list) => list.filter((r) => r.id !== id));
}

export const useOverlays = () => useStore(overlays);
export const useRollbacks = () => useStore(rollbacks);

/**
 * The position a view served at `position` must reach to confirm its committed
 * overlays, if any. Once the read model is there, the view refetches: the
 * overlay has to be confirmed by a real answer, not by a timer.
 */
export function confirmationNeeded(list: Overlay[], position: number | undefined): number | undefined {
  const tokens = list.map((o) => o.token).filter((t): t is number => t !== undefined && (position === undefined || t > position));
  return tokens.length ? Math.min(...tokens) : undefined;
}

/** The changes a view served at `position` does not include yet. */
export function pendingFor(list: Overlay[], position: number): Change[] {
  return list.filter((o) => o.token === undefined || position < o.token).flatMap((o) => o.changes);
}

export function overlayBook(book: BookView, pending: Change[]): { book: BookView; pending: boolean } {
  let next = book;
  let touched = false;
  for (const change of pending) {
    if (change.kind === 'stock' && change.bookId === book.id) {
      next = { ...next, stock: next.stock + change.delta };
      touched = true;
    }
    if (change.kind === 'price' && change.bookId === book.id) {
      next = { ...next, priceCents: change.priceCents };
      touched = true;
    }
  }
  return { book: next, pending: touched };
}

export interface ShownOrder extends OrderView {
  pending?: boolean;
}

export function overlayOrders(orders: OrderView[], pending: Change[]): ShownOrder[] {
  const known = new Set(orders.map((o) => o.id));
  const placed = pending.flatMap((c) => (c.kind === 'order-placed' && !known.has(c.order.id) ? [{ ...c.order, pending: true }] : []));
  const cancelled = new Set(pending.flatMap((c) => (c.kind === 'order-cancelled' ? [c.orderId] : [])));
  return [...placed.reverse(), ...orders].map((o) => (cancelled.has(o.id) ? { ...o, status: 'cancelled' as const, pending: true } : o));
}
